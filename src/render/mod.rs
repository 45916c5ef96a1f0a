//! (render: see its issue; not built yet)

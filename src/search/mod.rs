//! (search: see its issue; not built yet)

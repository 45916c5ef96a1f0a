//! (store: see its issue; not built yet)

//! (tui: see its issue; not built yet)

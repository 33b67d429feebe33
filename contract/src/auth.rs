//! Accounts: the roles.

crate::enumeration! {
    /// An account's role; what it may do is decided by the server (`server/src/auth/roles.rs`).
    pub enum Role {
        /// Biro Organisasi: units, periods, rubric versions, users and tokens; verifies, publishes.
        Admin = "admin",
        /// Pengampu indikator: enters its indicators for every unit while a period is open.
        Owner = "owner",
        /// Admin perangkat daerah: one unit's entries, evidence, disputes, simulation.
        UnitAdmin = "unit_admin",
        /// Reads everything, changes nothing.
        Viewer = "viewer",
    }
}

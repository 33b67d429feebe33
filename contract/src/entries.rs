//! Entered indicator values.

crate::enumeration! {
    /// Where an entered value is in its verification.
    pub enum EntryStatus {
        /// Entered or changed by its owner; not yet checked.
        Submitted = "submitted",
        /// Checked by an administrator; only an administrator changes it now.
        Verified = "verified",
        /// The unit disputes the value; an administrator resolves it.
        Disputed = "disputed",
        /// A dispute was resolved (the value kept or corrected).
        Resolved = "resolved",
    }
}

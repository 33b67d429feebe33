//! The API's one error shape, for every 4xx and 5xx answer of `/api/v1`:
//! `{"error":{"code","message","field","problems":[{"code","message","field"}],"request_id"?}}`.

crate::object! {
    /// One thing wrong with a request, where it was (a JSON path such as `values.IPASN`).
    pub struct ProblemDetail {
        /// Stable, for programs (`invalid_value`, `text_too_long`).
        pub code: String,
        /// In Indonesian, for people.
        pub message: String,
        pub field: Option<String>,
    }
}

crate::object! {
    /// What went wrong: one problem in `code`/`message`/`field`, several listed in `problems`.
    pub struct ErrorDetail {
        pub code: String,
        pub message: String,
        pub field: Option<String>,
        /// Every problem found (a refused rubric or import lists each mistake).
        pub problems: Vec<ProblemDetail> = default,
        /// The request's id (also in `X-Request-Id` and the server's log), so a screenshot of an
        /// error leads an operator to its log line.
        pub request_id: Option<String> = omit_none,
    }
}

crate::object! {
    /// Every error answer.
    pub struct ErrorBody {
        pub error: ErrorDetail,
    }
}

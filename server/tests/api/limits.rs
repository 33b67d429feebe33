//! Slow and greedy clients: header and body deadlines, the answer deadline, the concurrency limit
//! and the anonymous batch size, on the real server over raw TCP where a client must misbehave.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::auth_helpers::{AuthTestApp, error_of, spawn_demo_app, spawn_limited_app};
use server::configuration::Limits;

fn short(limits: impl FnOnce(&mut Limits)) -> Limits {
    let mut short =
        Limits { header_read: Duration::from_secs(1), body_read: Duration::from_secs(1), ..Limits::default() };
    limits(&mut short);
    short
}

async fn connect(app: &AuthTestApp) -> TcpStream {
    TcpStream::connect(app.address.trim_start_matches("http://")).await.expect("connects")
}

/// Everything the server sends until it closes the connection. The outer bound only keeps a
/// broken server from hanging the test; the server's own deadline is what ends the read.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut received))
        .await
        .expect("the server closes the connection by itself")
        .expect("read");
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let app = spawn_limited_app(short(|_| {})).await;
    let mut stream = connect(&app).await;
    stream.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Lambat: ").await.expect("written");
    let answer = read_until_closed(&mut stream).await;
    assert!(!answer.contains("200 OK"), "{answer}");
    assert_eq!(app.send(None, Method::GET, "/api/v1/health", None).await.status(), 200, "others are served");
}

#[tokio::test]
async fn a_client_that_never_finishes_its_body_is_answered_and_cut_off() {
    let app = spawn_limited_app(short(|_| {})).await;
    let mut stream = connect(&app).await;
    let head =
        "POST /api/v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
    stream.write_all(head.as_bytes()).await.expect("written");
    stream.write_all(b"{\"rubric\":").await.expect("written");
    let answer = read_until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("\"code\":\"unreadable_body\""), "{answer}");
}

#[tokio::test]
async fn an_answer_past_its_deadline_is_a_503_in_the_error_shape() {
    // A zero deadline: the handler waits for the database at least once, and the deadline has
    // passed when it does (a 1 ms one was met on a fast machine: the answer is kept in memory).
    let app = spawn_limited_app(short(|limits| limits.handler = Duration::ZERO)).await;
    let stopped = app.send(None, Method::GET, "/api/v1/periods/2023-annual/results.xlsx?population=opd", None).await;
    assert_eq!(stopped.status(), 503);
    let (code, message) = error_of(stopped).await;
    assert_eq!(code, "request_timeout");
    assert!(message.contains("melebihi 0 detik"), "{message}");
    // With the default deadline the same request is answered.
    let app = spawn_demo_app().await;
    let served = app.send(None, Method::GET, "/api/v1/periods/2023-annual/results.xlsx?population=opd", None).await;
    assert_eq!(served.status(), 200);
}

#[tokio::test]
async fn past_the_concurrency_limit_a_request_is_refused_at_once() {
    let app = spawn_limited_app(short(|limits| {
        limits.max_concurrent_requests = 1;
        limits.body_read = Duration::from_secs(60);
    }))
    .await;
    // The first request holds the only place while its body is awaited.
    let mut holder = connect(&app).await;
    let head =
        "POST /api/v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    holder.write_all(head.as_bytes()).await.expect("written");
    let mut refused = None;
    for _ in 0..200 {
        let response = app.send(None, Method::GET, "/api/v1/health", None).await;
        if response.status() == 503 {
            refused = Some(response);
            break;
        }
    }
    let refused = refused.expect("once the first request holds the place, the next is refused");
    assert_eq!(refused.headers()[reqwest::header::RETRY_AFTER], "1");
    assert_eq!(error_of(refused).await.0, "server_busy");
    drop(holder);
    let mut served = false;
    for _ in 0..200 {
        if app.send(None, Method::GET, "/api/v1/health", None).await.status() == 200 {
            served = true;
            break;
        }
    }
    assert!(served, "the place is given back when the first client goes");
}

#[tokio::test]
async fn an_anonymous_batch_is_at_most_two_megabytes() {
    let app = spawn_demo_app().await;
    let big = format!("{{\"rubric\":\"{}\"}}", "x".repeat(3 * 1024 * 1024));
    let anonymous = app
        .client
        .post(app.url("/api/v1/score/batch"))
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .expect("sent");
    assert_eq!(anonymous.status(), 413);
    let (code, message) = error_of(anonymous).await;
    assert_eq!(code, "payload_too_large");
    assert!(message.contains("2 MB"), "{message}");
    // Without a Content-Length (chunked), the body is cut at the same size.
    let mut stream = connect(&app).await;
    let head = "POST /api/v1/score/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).await.expect("written");
    for chunk in big.as_bytes().chunks(64 * 1024) {
        let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
        // The server may answer and close before the whole body is sent.
        if stream.write_all(&framed).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = vec![0_u8; 4096];
    let read =
        tokio::time::timeout(Duration::from_secs(30), stream.read(&mut answer)).await.expect("answered").expect("read");
    let answer = String::from_utf8_lossy(&answer[..read]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // A small anonymous batch is read (and judged on its content).
    let small = app
        .client
        .post(app.url("/api/v1/score/batch"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("sent");
    assert_eq!(small.status(), 422);
    let body: Value = small.json().await.expect("JSON");
    assert_ne!(body["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn a_large_evidence_file_is_streamed_in_pieces_and_arrives_byte_for_byte() {
    let app = spawn_demo_app().await;
    let owner = app.sign_in_demo("pengampu.demo").await;
    // A PDF of 3 MB and a bit: twelve pieces and a partial one.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend((0..3 * 1024 * 1024 + 777_u32).map(|index| u8::try_from(index % 251).expect("below 251")));
    let uploaded = crate::entries_import::upload_request(&app, &owner, "SAKIP", "besar.pdf", &pdf).send().await;
    let uploaded = uploaded.expect("sent");
    assert_eq!(uploaded.status(), 201);
    let id = crate::entries_write::json_of(uploaded).await["evidence"]["id"].as_str().expect("an id").to_owned();
    let download = app.send(Some(&owner), Method::GET, &format!("/api/v1/evidence/{id}"), None).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()[reqwest::header::CONTENT_LENGTH], pdf.len().to_string().as_str());
    assert!(download.bytes().await.expect("the whole file") == pdf, "the same bytes");
}

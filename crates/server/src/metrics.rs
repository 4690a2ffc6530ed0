//! Request counters for `/metrics` (Prometheus text format 0.0.4): requests by matched route,
//! method and status class, and their total duration.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// `(route, method, status class)`.
type Series = (String, String, &'static str);

/// Counters kept by the server.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Per series: (count, seconds).
    requests: Mutex<BTreeMap<Series, (u64, f64)>>,
}

impl Metrics {
    /// Counts one request.
    pub fn record(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let class = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        if let Ok(mut map) = self.requests.lock() {
            let entry = map
                .entry((route.to_owned(), method.to_owned(), class))
                .or_insert((0, 0.0));
            entry.0 += 1;
            entry.1 += seconds;
        }
    }

    /// The counters in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# HELP medcyber_http_requests_total HTTP requests answered.\n\
             # TYPE medcyber_http_requests_total counter\n",
        );
        let map = match self.requests.lock() {
            Ok(map) => map.clone(),
            Err(_) => BTreeMap::new(),
        };
        for ((route, method, class), (n, _)) in &map {
            out.push_str(&format!(
                "medcyber_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{class}\"}} {n}\n",
                escape(route)
            ));
        }
        out.push_str(
            "# HELP medcyber_http_request_duration_seconds_sum Time spent answering, in seconds.\n\
             # TYPE medcyber_http_request_duration_seconds_sum counter\n",
        );
        for ((route, method, class), (_, s)) in &map {
            out.push_str(&format!(
                "medcyber_http_request_duration_seconds_sum{{route=\"{}\",method=\"{method}\",status=\"{class}\"}} {s:.6}\n",
                escape(route)
            ));
        }
        out
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The middleware that counts every request by its matched route (never the raw path, so ids
/// do not multiply the series).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.record(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

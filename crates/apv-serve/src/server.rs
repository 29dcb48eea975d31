//! The HTTP side: binding, the access token, security headers, the routes and their handlers.
//!
//! Every response carries `Content-Security-Policy: default-src 'self'` (no inline script or
//! style, nothing from elsewhere). On 127.0.0.1 only requests addressed to this host and port
//! are answered (a web page elsewhere cannot reach the server through a name that resolves to
//! 127.0.0.1), and a form post from another origin is refused. When bound to another address,
//! every request needs the access token: opening the address with `?token=…` sets it as a
//! cookie.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use apv_report::render::notice::notice_nl;
use apv_report::{Format, RenderOptions};
use apv_rules::{FileProblem, Notice, RuleSet};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;

use crate::analysis::{self, Upload};
use crate::pages;
use crate::state::{Draft, Drafts, Nulmeting, version_changes};

/// The stylesheet, served as `/static/app.css`.
const CSS: &str = include_str!("../assets/app.css");
/// The script, served as `/static/app.js`.
const JS: &str = include_str!("../assets/app.js");

/// The Content-Security-Policy of every response.
const CSP: &str = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// At most this many files per upload.
pub const MAX_FILES: usize = 20;

/// How to run the server.
#[derive(Debug)]
pub struct Config {
    /// The rule set to check against.
    pub rules: RuleSet,
    /// The folder whose nulmeting to show (one folder per municipality), when given.
    pub dir: Option<PathBuf>,
    /// The address to listen on; 127.0.0.1 unless the user asked for another.
    pub ip: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Files larger than this many bytes are refused (the CLI's `--max-file-size`).
    pub max_file_size: u64,
    /// Whether every request needs the access token. Always on for an address other than a
    /// loopback one.
    pub require_token: bool,
}

impl Config {
    /// 127.0.0.1, port 8080, no folder, 64 MiB per file, no token.
    pub fn new(rules: RuleSet) -> Config {
        Config {
            rules,
            dir: None,
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            max_file_size: apv_parser::ParseOptions::default().max_file_size,
            require_token: false,
        }
    }
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The folder could not be read as a nulmeting.
    Folder(String),
    /// The address could not be bound, or the runtime not started.
    Io(std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Folder(e) => f.write_str(e),
            ServeError::Io(e) => write!(f, "cannot start the server: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Shared by every handler.
struct App {
    rules: RuleSet,
    max_file_size: u64,
    token: Option<String>,
    /// The `host:port` values requests must be addressed to (loopback only).
    hosts: Option<Vec<String>>,
    nulmeting: Option<Nulmeting>,
    drafts: Drafts,
}

/// A bound server, ready to run.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: TcpListener,
    addr: SocketAddr,
    app: Arc<App>,
}

impl Server {
    /// Reads the folder (when given), binds the address and prepares the runtime. Nothing is
    /// served until [`Server::run`].
    pub fn bind(config: Config) -> Result<Server, ServeError> {
        let nulmeting = match &config.dir {
            Some(dir) => Some(
                Nulmeting::load(dir, &config.rules, config.max_file_size)
                    .map_err(ServeError::Folder)?,
            ),
            None => None,
        };
        let listener =
            TcpListener::bind(SocketAddr::new(config.ip, config.port)).map_err(ServeError::Io)?;
        listener.set_nonblocking(true).map_err(ServeError::Io)?;
        let addr = listener.local_addr().map_err(ServeError::Io)?;
        let require_token = config.require_token || !config.ip.is_loopback();
        let token = require_token.then(new_token);
        let hosts =
            (!require_token).then(|| vec![addr.to_string(), format!("localhost:{}", addr.port())]);
        // Parsing runs on the blocking threads; deeply nested input must not exhaust their stack.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_io()
            .enable_time()
            .thread_stack_size(16 << 20)
            .build()
            .map_err(ServeError::Io)?;
        Ok(Server {
            runtime,
            listener,
            addr,
            app: Arc::new(App {
                rules: config.rules,
                max_file_size: config.max_file_size,
                token,
                hosts,
                nulmeting,
                drafts: Drafts::default(),
            }),
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The access token, when requests need one.
    pub fn token(&self) -> Option<&str> {
        self.app.token.as_deref()
    }

    /// The address to open in a browser; with the token when one is needed.
    pub fn url(&self) -> String {
        match &self.app.token {
            Some(t) => format!("http://{}/?token={t}", self.addr),
            None => format!("http://{}/", self.addr),
        }
    }

    /// Serves until the process ends.
    pub fn run(self) -> std::io::Result<()> {
        let app = router(self.app);
        let listener = self.listener;
        self.runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            axum::serve(listener, app).await
        })
    }
}

/// 128 random bits as hex, from the operating system.
fn new_token() -> String {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        // No /dev/urandom: the standard library's randomly keyed hasher, twice.
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn router(app: Arc<App>) -> Router {
    // Several files per upload, each at most the file limit; the multipart overhead on top.
    let body_limit = usize::try_from(app.max_file_size.saturating_mul(4).saturating_add(1 << 20))
        .unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(home))
        .route("/static/app.css", get(css))
        .route("/static/app.js", get(js))
        .route("/concept", post(upload))
        .route("/concept/{id}", get(draft))
        .route("/concept/{id}/versie", post(upload_version))
        .route("/concept/{id}/document/{n}", get(draft_document))
        .route("/nulmeting", get(nulmeting))
        .route("/nulmeting/download/{file}", get(download))
        .route("/nulmeting/{gemeente}", get(municipality))
        .route(
            "/nulmeting/{gemeente}/document/{n}",
            get(municipality_document),
        )
        .fallback(fallback)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

/// Security headers on every response; the host, origin and token checks before any handler.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let mut response = match check(&app, &request) {
        Err(response) => response,
        Ok(()) => next.run(request).await,
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Refuses a request addressed to another host, a post from another origin, or a request
/// without the token; `/?token=…` with the right token sets the cookie.
fn check(app: &App, request: &Request) -> Result<(), Response> {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if let Some(hosts) = &app.hosts
        && !hosts.iter().any(|h| h == host)
    {
        return Err(refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "Dit adres hoort niet bij deze server. Open het adres dat apv serve bij het starten toonde.",
        ));
    }
    if request.method() == Method::POST && !same_origin(headers, host) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "Een formulier van een andere website mag hier niets aanleveren.",
        ));
    }
    let Some(token) = &app.token else {
        return Ok(());
    };
    if cookie(headers, "apv_token").is_some_and(|c| c == token.as_str()) {
        return Ok(());
    }
    let query_token = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token=")));
    if request.uri().path() == "/" && query_token == Some(token.as_str()) {
        let mut response = Redirect::to("/").into_response();
        let value = format!("apv_token={token}; HttpOnly; SameSite=Strict; Path=/");
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
        return Err(response);
    }
    Err(refuse(
        StatusCode::FORBIDDEN,
        "Geen toegang: open het adres met de toegangscode dat apv serve bij het starten toonde.",
    ))
}

/// Whether a post comes from a page of this server: the browser says so (`Sec-Fetch-Site`), or
/// names this origin; a client that sends neither header is no browser page elsewhere.
fn same_origin(headers: &HeaderMap, host: &str) -> bool {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = value("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    match value("origin") {
        Some(origin) => origin == format!("http://{host}"),
        None => true,
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

fn refuse(status: StatusCode, message: &str) -> Response {
    page(status, "Geen toegang", false, pages::not_found(message))
}

/// A page as a response.
fn page(status: StatusCode, title: &str, has_nulmeting: bool, body: Markup) -> Response {
    let html = pages::layout(title, has_nulmeting, body).into_string();
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

impl App {
    fn page(&self, status: StatusCode, title: &str, body: Markup) -> Response {
        page(status, title, self.nulmeting.is_some(), body)
    }

    fn not_found(&self, what: &str) -> Response {
        self.page(
            StatusCode::NOT_FOUND,
            "Niet gevonden",
            pages::not_found(what),
        )
    }
}

async fn home(State(app): State<Arc<App>>) -> Response {
    app.page(
        StatusCode::OK,
        "Concept controleren",
        pages::home(app.nulmeting.as_ref(), app.max_file_size),
    )
}

async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
        .into_response()
}

async fn fallback(State(app): State<Arc<App>>) -> Response {
    app.not_found("Deze pagina bestaat niet.")
}

/// What a multipart form held: the files, the municipality name, and files refused on the way.
struct Form {
    files: Vec<Upload>,
    municipality: Option<String>,
    refused: Vec<Notice>,
}

/// Reads the upload form, refusing any file above the limit while it arrives.
async fn read_form(app: &App, mut multipart: Multipart) -> Result<Form, String> {
    let mut form = Form {
        files: Vec::new(),
        municipality: None,
        refused: Vec::new(),
    };
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "de bestanden zijn samen te groot (per keer hooguit vier keer {})",
                pages::size_nl(app.max_file_size)
            )
        } else {
            format!("het formulier kwam niet volledig aan ({})", e.body_text())
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        match field.name() {
            Some("gemeente") => {
                let text = field.text().await.map_err(broken)?;
                form.municipality = Some(text.chars().take(100).collect());
            }
            Some("bestanden") => {
                let name = field
                    .file_name()
                    .map(file_name)
                    .unwrap_or_else(|| "document".to_string());
                if name.is_empty() {
                    continue; // an empty file input
                }
                if form.files.len() >= MAX_FILES {
                    return Err(format!(
                        "er zijn meer dan {MAX_FILES} bestanden aangeleverd; lever er hooguit {MAX_FILES} tegelijk aan"
                    ));
                }
                // Past the limit the bytes are counted, not kept (the body limit bounds them).
                let mut bytes = Vec::new();
                let mut size: u64 = 0;
                while let Some(chunk) = field.chunk().await.map_err(broken)? {
                    size += chunk.len() as u64;
                    if size <= app.max_file_size {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                if size > app.max_file_size {
                    form.refused.push(Notice::Unreadable {
                        file: name,
                        problem: FileProblem::TooLarge {
                            size,
                            limit: app.max_file_size,
                        },
                    });
                } else {
                    form.files.push(Upload { name, bytes });
                }
            }
            _ => {}
        }
    }
    Ok(form)
}

/// The last part of a file name as a browser sent it (some send a whole path).
fn file_name(raw: &str) -> String {
    raw.rsplit(['/', '\\'])
        .next()
        .unwrap_or(raw)
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

async fn upload(State(app): State<Arc<App>>, multipart: Multipart) -> Response {
    receive(app, multipart, None).await
}

async fn upload_version(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Response {
    let Some(previous) = app.drafts.get(&id) else {
        return app.not_found("Dit concept is niet meer in het geheugen; lever het opnieuw aan.");
    };
    receive(app, multipart, Some(previous)).await
}

/// Checks the uploaded files (on a blocking thread) and shows the new draft, or a page with
/// Dutch errors when nothing could be read.
async fn receive(app: Arc<App>, multipart: Multipart, previous: Option<Arc<Draft>>) -> Response {
    let form = match read_form(&app, multipart).await {
        Ok(form) => form,
        Err(e) => return upload_failed(&app, StatusCode::PAYLOAD_TOO_LARGE, &[e]),
    };
    if form.files.is_empty() {
        let mut errors: Vec<String> = form.refused.iter().map(notice_nl).collect();
        if errors.is_empty() {
            errors.push("er is geen bestand aangeleverd".to_string());
        }
        return upload_failed(&app, StatusCode::UNPROCESSABLE_ENTITY, &errors);
    }
    let worker = Arc::clone(&app);
    let previous_for_worker = previous.clone();
    let result = tokio::task::spawn_blocking(move || {
        let analysis = analysis::analyse(
            &worker.rules,
            form.municipality.as_deref(),
            &form.files,
            form.refused,
            worker.max_file_size,
        );
        let changes = previous_for_worker
            .as_ref()
            .map(|p| version_changes(&p.analysis, &analysis));
        (analysis, changes)
    })
    .await;
    let (analysis, changes) = match result {
        Ok(done) => done,
        Err(_) => {
            return upload_failed(
                &app,
                StatusCode::INTERNAL_SERVER_ERROR,
                &["het lezen van de bestanden is mislukt door een fout in apv; meld dit met het bestand erbij".to_string()],
            );
        }
    };
    if analysis.documents.is_empty() {
        let errors: Vec<String> = analysis.scan.notices.iter().map(notice_nl).collect();
        return upload_failed(&app, StatusCode::UNPROCESSABLE_ENTITY, &errors);
    }
    let draft = app.drafts.insert(Draft {
        id: new_token(),
        analysis,
        previous: previous.map(|p| p.id.clone()),
        changes,
    });
    Redirect::to(&format!("/concept/{}", draft.id)).into_response()
}

fn upload_failed(app: &App, status: StatusCode, errors: &[String]) -> Response {
    app.page(status, "Niet gecontroleerd", pages::upload_error(errors))
}

async fn draft(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    match app.drafts.get(&id) {
        Some(d) => app.page(StatusCode::OK, &d.analysis.name.clone(), pages::draft(&d)),
        None => app.not_found("Dit concept is niet meer in het geheugen; lever het opnieuw aan."),
    }
}

async fn draft_document(
    State(app): State<Arc<App>>,
    Path((id, n)): Path<(String, usize)>,
) -> Response {
    let Some(d) = app.drafts.get(&id) else {
        return app.not_found("Dit concept is niet meer in het geheugen; lever het opnieuw aan.");
    };
    let back = format!("/concept/{id}");
    match pages::document(&d.analysis, n, &back) {
        Some(body) => {
            let title = d.analysis.documents[n].0.clone();
            app.page(StatusCode::OK, &title, body)
        }
        None => app.not_found("Dit document bestaat niet."),
    }
}

async fn nulmeting(State(app): State<Arc<App>>) -> Response {
    match &app.nulmeting {
        Some(n) => app.page(StatusCode::OK, "Nulmeting", pages::nulmeting(n)),
        None => app.not_found(
            "Er is geen nulmeting: start apv serve met een map met één map per gemeente.",
        ),
    }
}

async fn municipality(State(app): State<Arc<App>>, Path(slug): Path<String>) -> Response {
    match app.nulmeting.as_ref().and_then(|n| n.municipality(&slug)) {
        Some(a) => app.page(StatusCode::OK, &a.name, pages::municipality(a, &slug)),
        None => app.not_found("Deze gemeente staat niet in de nulmeting."),
    }
}

async fn municipality_document(
    State(app): State<Arc<App>>,
    Path((slug, n)): Path<(String, usize)>,
) -> Response {
    let Some(a) = app.nulmeting.as_ref().and_then(|m| m.municipality(&slug)) else {
        return app.not_found("Deze gemeente staat niet in de nulmeting.");
    };
    let back = format!("/nulmeting/{slug}");
    match pages::document(a, n, &back) {
        Some(body) => app.page(StatusCode::OK, &a.documents[n].0, body),
        None => app.not_found("Dit document bestaat niet."),
    }
}

/// The nulmeting in the formats of `apv compare`, as a file to save.
async fn download(State(app): State<Arc<App>>, Path(file): Path<String>) -> Response {
    let Some(n) = &app.nulmeting else {
        return app.not_found("Er is geen nulmeting.");
    };
    let (format, content_type) = match file.as_str() {
        "nulmeting.html" => (Format::Html, "text/html; charset=utf-8"),
        "nulmeting.csv" => (Format::Csv, "text/csv; charset=utf-8"),
        "nulmeting.md" => (Format::Md, "text/markdown; charset=utf-8"),
        "nulmeting.json" => (Format::Json, "application/json"),
        _ => return app.not_found("Deze download bestaat niet."),
    };
    match apv_report::render(&n.report, format, &RenderOptions::default()) {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file}\""),
                ),
            ],
            Body::from(text),
        )
            .into_response(),
        Err(e) => app.page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fout",
            pages::not_found(&format!("Het rapport kon niet worden gemaakt: {e}")),
        ),
    }
}

//! Headless Chromium driven through the DevTools protocol over one WebSocket: open a page,
//! evaluate script, set files on a file input, and record every request the page makes.
//!
//! Chromium is Debian's `/usr/bin/chromium`, started with the flags this machine needs offline
//! (no background networking, no component updates, a fresh profile).

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use super::TempDir;

/// Where Debian installs Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long a page may take to reach a state a test waits for.
const WAIT: Duration = Duration::from_secs(60);

/// A headless Chromium with one page.
pub struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    /// URLs of every request the page made, in order.
    pub requests: Vec<String>,
    _profile: TempDir,
}

impl Browser {
    /// Starts Chromium, or `None` (with a note) when it is not installed.
    pub fn start() -> Option<Browser> {
        if !Path::new(CHROMIUM).exists() {
            #[allow(clippy::print_stdout, reason = "a test saying why it checked nothing")]
            {
                println!("skipped: {CHROMIUM} not installed");
            }
            return None;
        }
        let profile = TempDir::new("chromium");
        let mut child = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        let stderr = child.stderr.take().expect("chromium's stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && let Some(at) = line.find("ws://") {
                    let _ = tx.send(line[at..].trim().to_string());
                    sent = true;
                }
            }
        });
        let ws_url = match rx.recv_timeout(WAIT) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("chromium did not print its DevTools address within {WAIT:?}");
            }
        };
        let (socket, _) = tungstenite::connect(ws_url.as_str()).expect("the DevTools socket");
        if let MaybeTlsStream::Plain(tcp) = socket.get_ref() {
            tcp.set_read_timeout(Some(WAIT)).unwrap();
        }
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            requests: Vec::new(),
            _profile: profile,
        };
        let target = browser.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let target_id = target["targetId"]
            .as_str()
            .expect("a target id")
            .to_string();
        let attached = browser.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        for domain in ["Page.enable", "Network.enable", "Runtime.enable"] {
            browser.send(domain, json!({}));
        }
        Some(browser)
    }

    /// Sends a command to the page and waits for its result.
    pub fn send(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.call(Some(&session), method, params)
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("sending to chromium");
        loop {
            let reply = self.socket.read().expect("reading from chromium");
            let Message::Text(text) = reply else {
                continue;
            };
            let value: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
            if value["method"] == "Network.requestWillBeSent" {
                if let Some(url) = value["params"]["request"]["url"].as_str() {
                    self.requests.push(url.to_string());
                }
                continue;
            }
            if value["id"] == json!(id) {
                if let Some(error) = value.get("error") {
                    panic!("{method} failed: {error}");
                }
                return value["result"].clone();
            }
        }
    }

    /// Evaluates a script expression in the page (promises awaited) and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.send(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Opens `url` and waits until it has loaded.
    pub fn open(&mut self, url: &str) {
        self.send("Page.navigate", json!({ "url": url }));
        self.wait_for(&format!(
            "document.readyState === 'complete' && location.href === {}",
            json!(url)
        ));
    }

    /// Waits until `condition` (a script expression) is true.
    pub fn wait_for(&mut self, condition: &str) {
        let start = Instant::now();
        loop {
            let value = self.send(
                "Runtime.evaluate",
                json!({ "expression": format!("!!({condition})"), "returnByValue": true }),
            );
            if value["result"]["value"] == json!(true) {
                return;
            }
            if start.elapsed() > WAIT {
                let url = self.eval("location.href");
                let text = self.eval("document.body ? document.body.innerText.slice(0, 600) : ''");
                panic!("waited {WAIT:?} for {condition}; at {url}: {text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Puts files on the file input matched by `selector` (as the file picker would).
    pub fn set_files(&mut self, selector: &str, files: &[PathBuf]) {
        let found = self.send(
            "Runtime.evaluate",
            json!({ "expression": format!("document.querySelector({})", json!(selector)) }),
        );
        let object = found["result"]["objectId"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {selector}"))
            .to_string();
        let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        self.send(
            "DOM.setFileInputFiles",
            json!({ "files": files, "objectId": object }),
        );
    }

    /// Drops files on the element matched by `selector`, as a drag from the file manager does.
    ///
    /// A synthetic drag carries the file names but not the browser's permission to read them,
    /// which a real drag from the file manager grants; choosing them once on `grant` (a file
    /// input, emptied again) gives that permission.
    pub fn drop_files(&mut self, selector: &str, grant: &str, files: &[PathBuf]) {
        self.set_files(grant, files);
        self.eval(&format!(
            "document.querySelector({}).value = '', true",
            json!(grant)
        ));
        let point = self.eval(&format!(
            "(() => {{ const r = document.querySelector({}).getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + r.height / 2]; }})()",
            json!(selector)
        ));
        let (x, y) = (point[0].as_f64().unwrap(), point[1].as_f64().unwrap());
        let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        let data = json!({ "items": [], "files": files, "dragOperationsMask": 1 });
        for kind in ["dragEnter", "dragOver", "drop"] {
            self.send(
                "Input.dispatchDragEvent",
                json!({ "type": kind, "x": x, "y": y, "data": data }),
            );
        }
    }

    /// Every request the page made went to `origin` (`http://127.0.0.1:port`), or was a
    /// `data:`/`about:` address.
    pub fn assert_only_requests_to(&self, origin: &str) {
        assert!(!self.requests.is_empty(), "no request recorded");
        for url in &self.requests {
            assert!(
                url.starts_with(&format!("{origin}/"))
                    || url.starts_with("about:")
                    || url.starts_with("data:"),
                "a request left {origin}: {url}"
            );
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let close = json!({ "id": u64::MAX, "method": "Browser.close", "params": {} });
        let _ = self.socket.send(Message::text(close.to_string()));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

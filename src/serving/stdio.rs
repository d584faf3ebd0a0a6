//! Serving on stdin/stdout, every line passed through [`super::triage`].

use std::{io, sync::Arc};

use anyhow::Context as _;
use rmcp::{
    RoleServer, ServerHandler, ServiceExt,
    model::{ClientJsonRpcMessage, ServerJsonRpcMessage},
    service::ServerInitializeError,
    transport::Transport,
};
use serde::Serialize;
use tokio::{
    io::AsyncWriteExt,
    sync::{Mutex, mpsc},
};
use tokio_util::sync::CancellationToken;

use super::{HandshakeGate, Triage, shutdown_signal, triage};

pub(super) async fn serve_stdio<S: ServerHandler>(handler: S) -> anyhow::Result<()> {
    let ct = CancellationToken::new();
    let on_signal = ct.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        on_signal.cancel();
    });
    let running = match handler.serve_with_ct(StdioTransport::start()?, ct).await {
        Ok(running) => running,
        // The peer closed stdin, or a signal came, before initializing: a normal end.
        Err(ServerInitializeError::ConnectionClosed(_) | ServerInitializeError::Cancelled) => {
            return Ok(());
        }
        Err(error) => return Err(error).context("MCP handshake on stdio failed"),
    };
    running
        .waiting()
        .await
        .context("stdio service task failed")?;
    Ok(())
}

/// rmcp transport on stdin/stdout with [`triage`] in front of rmcp.
///
/// stdin is read on a plain thread, not tokio's: tokio reads stdin on its blocking pool,
/// which the runtime waits for at shutdown, so a read still blocked after SIGTERM would keep
/// the process alive.
pub(super) struct StdioTransport {
    incoming: mpsc::Receiver<ClientJsonRpcMessage>,
    stdout: Arc<Mutex<tokio::io::Stdout>>,
}

impl StdioTransport {
    fn start() -> io::Result<Self> {
        let (line_tx, mut line_rx) = mpsc::channel::<Vec<u8>>(64);
        std::thread::Builder::new()
            .name("stdin-reader".into())
            .spawn(move || {
                use std::io::BufRead as _;
                let mut stdin = io::stdin().lock();
                loop {
                    let mut line = Vec::new();
                    match stdin.read_until(b'\n', &mut line) {
                        Ok(0) => break,
                        Ok(_) if line_tx.blocking_send(line).is_ok() => {}
                        Ok(_) => break,
                        Err(error) => {
                            tracing::error!(%error, "reading stdin failed");
                            break;
                        }
                    }
                }
            })?;

        let stdout = Arc::new(Mutex::new(tokio::io::stdout()));
        let (message_tx, incoming) = mpsc::channel(64);
        let replies = stdout.clone();
        // One task decides about every line in order, so an error reply can never overtake
        // the message before it. It ends at EOF, which closes `incoming` and ends rmcp.
        tokio::spawn(async move {
            let mut gate = HandshakeGate::default();
            while let Some(line) = line_rx.recv().await {
                if line.trim_ascii().is_empty() {
                    continue;
                }
                match triage(&line) {
                    Triage::Forward(message) => {
                        if !gate.admits(&message) {
                            continue;
                        }
                        if message_tx.send(*message).await.is_err() {
                            break;
                        }
                    }
                    Triage::Reply(error) => {
                        if let Err(error) = write_frame(&replies, &error).await {
                            tracing::error!(%error, "writing to stdout failed");
                            break;
                        }
                    }
                    Triage::Ignore => {}
                }
            }
        });
        Ok(Self { incoming, stdout })
    }
}

impl Transport<RoleServer> for StdioTransport {
    type Error = io::Error;

    fn send(
        &mut self,
        item: ServerJsonRpcMessage,
    ) -> impl Future<Output = io::Result<()>> + Send + 'static {
        let stdout = self.stdout.clone();
        async move { write_frame(&stdout, &item).await }
    }

    async fn receive(&mut self) -> Option<ClientJsonRpcMessage> {
        self.incoming.recv().await
    }

    async fn close(&mut self) -> io::Result<()> {
        self.incoming.close();
        Ok(())
    }
}

/// Writes one compact JSON frame plus newline; the lock keeps concurrent frames whole.
pub(super) async fn write_frame(
    stdout: &Mutex<tokio::io::Stdout>,
    frame: &impl Serialize,
) -> io::Result<()> {
    let mut line = serde_json::to_vec(frame)?;
    line.push(b'\n');
    let mut stdout = stdout.lock().await;
    stdout.write_all(&line).await?;
    stdout.flush().await
}

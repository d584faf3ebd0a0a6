//! A progress token of the client's own choosing. rmcp numbers the progressTokens of a
//! connection's requests 0, 1, 2, … and a bridge's upstream connection numbers its own the
//! same way, so a bridge that passed progress on under its upstream token instead of the
//! client's would still look right to a check that uses rmcp's token. A scenario that checks
//! whose token progress carries arms a distinctive one here; the session's transport then puts
//! it on the next request that carries a progress token, in place of rmcp's number.

use std::sync::{Arc, Mutex};

use rmcp::model::{GetMeta, JsonRpcMessage, ProgressToken};
use rmcp::service::{RoleClient, RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::Transport as RmcpTransport;

/// The token the next request with a progress token is to carry instead of rmcp's.
#[derive(Clone, Default)]
pub struct ProgressTokenChoice(Arc<Mutex<Option<ProgressToken>>>);

impl ProgressTokenChoice {
    /// The next request that asks for progress carries `token`.
    pub fn arm(&self, token: ProgressToken) {
        *self.0.lock().unwrap() = Some(token);
    }

    fn apply(&self, item: &mut TxJsonRpcMessage<RoleClient>) {
        let JsonRpcMessage::Request(request) = item else {
            return;
        };
        let meta = request.request.get_meta_mut();
        if meta.get_progress_token().is_none() {
            return;
        }
        if let Some(token) = self.0.lock().unwrap().take() {
            meta.set_progress_token(token);
        }
    }
}

/// A client transport that applies the session's [`ProgressTokenChoice`] to what it sends.
pub struct ChosenProgressTokens<T> {
    inner: T,
    choice: ProgressTokenChoice,
}

impl<T> ChosenProgressTokens<T> {
    pub fn new(inner: T, choice: &ProgressTokenChoice) -> Self {
        Self {
            inner,
            choice: choice.clone(),
        }
    }
}

impl<T: RmcpTransport<RoleClient>> RmcpTransport<RoleClient> for ChosenProgressTokens<T> {
    type Error = T::Error;

    fn send(
        &mut self,
        mut item: TxJsonRpcMessage<RoleClient>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        self.choice.apply(&mut item);
        self.inner.send(item)
    }

    fn receive(&mut self) -> impl Future<Output = Option<RxJsonRpcMessage<RoleClient>>> + Send {
        self.inner.receive()
    }

    fn close(&mut self) -> impl Future<Output = Result<(), Self::Error>> + Send {
        self.inner.close()
    }
}

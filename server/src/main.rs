//! The `sibekisar` binary: reads settings from the environment and runs the server.

use server::configuration::Settings;
use server::startup::Application;
use server::telemetry;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init_tracing();
    let settings = Settings::from_env()?;
    let application = Application::build(settings).await?;
    println!("Sibekisar berjalan di / listening on http://{}", application.address());
    if let Some(metrics) = application.metrics_address() {
        println!("Metrik Prometheus / metrics on http://{metrics}/metrics");
    }
    application.run_until_stopped().await
}

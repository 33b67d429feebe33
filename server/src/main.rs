//! The `sibekisar` binary: reads settings from the environment and runs the server, or one
//! operation and exits (`migrate`, `backup FILE`, `restore FILE [--force]`).

use anyhow::bail;
use server::configuration::Settings;
use server::startup::Application;
use server::storage::Database;
use server::telemetry;

const USAGE: &str = "\
usage: sibekisar [serve]                 run the server (settings from the environment, see README)
       sibekisar migrate                 apply the schema migrations to DATABASE_URL, then exit
       sibekisar backup FILE             copy the SQLite database to FILE while it runs, then exit
       sibekisar restore FILE [--force]  restore FILE into DATABASE_URL (refused if not empty)";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init_tracing();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => serve().await,
        ["migrate"] => {
            let settings = Settings::from_env()?;
            let database = Database::connect(&settings.database_url).await?;
            let pending = database.pending_migrations().await?;
            database.migrate().await?;
            database.close().await;
            println!("Migrasi selesai / migrations applied: {pending:?}");
            Ok(())
        }
        ["backup", file] => {
            let settings = Settings::from_env()?;
            server::backup::backup(&settings.database_url, std::path::Path::new(file)).await?;
            println!("Cadangan tersimpan / backup written: {file}");
            Ok(())
        }
        ["restore", file, rest @ ..] if rest.is_empty() || rest == ["--force"] => {
            let settings = Settings::from_env()?;
            let force = rest == ["--force"];
            server::backup::restore(std::path::Path::new(file), &settings.database_url, force).await?;
            println!("Dipulihkan / restored from {file}");
            Ok(())
        }
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("unknown command {args:?}\n{USAGE}"),
    }
}

async fn serve() -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    let application = Application::build(settings).await?;
    // Listen for SIGTERM before telling anyone where we are.
    let stop = server::startup::shutdown_signal();
    println!("Sibekisar berjalan di / listening on http://{}", application.address());
    if let Some(metrics) = application.metrics_address() {
        println!("Metrik Prometheus / metrics on http://{metrics}/metrics");
    }
    application.run_until(stop).await
}

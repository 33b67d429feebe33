pub fn run_benches(_r:&std::path::Path)->anyhow::Result<()>{Ok(())}

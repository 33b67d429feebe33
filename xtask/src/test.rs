pub fn run_all_tests(_r:&std::path::Path)->anyhow::Result<()>{Ok(())}

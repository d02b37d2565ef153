
use builtin;
use str;

set edit:completion:arg-completer[platformctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'platformctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'platformctl'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand setup 'Create the database if missing and apply migrations; safe to run again'
            cand doctor 'Check reachability, versions, pending migrations and clocks; exit 1 on a failed check'
            cand db 'Create, drop or reset the database'
            cand migrate 'Apply, revert, inspect and verify schema migrations'
            cand cache 'Warm, inspect, invalidate or flush the Redis cache'
            cand seed 'Load seed files, or generate bulk sample data'
            cand secrets 'Manage the encryption of stored secrets'
            cand completions 'Print shell completions, or write them for every shell with --out'
            cand man 'Print the manual page, or write one page per command with --out'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;setup'= {
            cand --env 'Seed set to load: seeds/ENV.yaml (development, demo, test are built in)'
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --no-seed 'Skip loading seed data'
            cand --allow-production 'Seed even when the settings mark the environment as production'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;doctor'= {
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;db'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create the database named in --database-url (nothing happens when it exists)'
            cand drop 'Drop the database named in --database-url'
            cand reset 'Drop the database, create it again, and apply every migration'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;db;create'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;db;drop'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --force 'Terminate other sessions connected to the database first'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand --allow-production 'Allow this even when the settings mark the environment as production'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;db;reset'= {
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --force 'Terminate other sessions connected to the database first'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand --allow-production 'Allow this even when the settings mark the environment as production'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;db;help'= {
            cand create 'Create the database named in --database-url (nothing happens when it exists)'
            cand drop 'Drop the database named in --database-url'
            cand reset 'Drop the database, create it again, and apply every migration'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;db;help;create'= {
        }
        &'platformctl;db;help;drop'= {
        }
        &'platformctl;db;help;reset'= {
        }
        &'platformctl;db;help;help'= {
        }
        &'platformctl;migrate'= {
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show every migration: applied, pending, checksum changed, file missing or failed'
            cand up 'Apply pending migrations, in order'
            cand down 'Revert applied migrations, newest first (needs an explicit target)'
            cand redo 'Revert the newest migrations and apply them again'
            cand verify 'Check on a scratch database that every down script reverses its up script; exit 1 if one does not'
            cand new 'Create the up/down files of a new migration with the next version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;migrate;status'= {
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --check 'Exit 1 unless every migration is applied and unchanged'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;migrate;up'= {
            cand --to 'Apply pending migrations up to and including this version'
            cand --lock-timeout 'How long to wait for the migration lock held by another run, then exit 75 [default: 30s]'
            cand --ddl-lock-timeout 'PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]'
            cand --statement-timeout 'PostgreSQL statement_timeout for each statement of a migration [default: 30m]'
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --dry-run 'Print, in order, the SQL that would run; change nothing'
            cand --allow-out-of-order 'Apply pending migrations older than the newest applied one (they are refused by default)'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;migrate;down'= {
            cand --steps 'Revert the newest N applied migrations'
            cand --to 'Revert every applied migration newer than this version (0 reverts all)'
            cand --lock-timeout 'How long to wait for the migration lock held by another run, then exit 75 [default: 30s]'
            cand --ddl-lock-timeout 'PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]'
            cand --statement-timeout 'PostgreSQL statement_timeout for each statement of a migration [default: 30m]'
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --all 'Revert every applied migration'
            cand --dry-run 'Print, in order, the SQL that would run; change nothing'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand --allow-production 'Allow this even when the settings mark the environment as production'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;migrate;redo'= {
            cand --steps 'How many of the newest migrations to revert and apply again'
            cand --lock-timeout 'How long to wait for the migration lock held by another run, then exit 75 [default: 30s]'
            cand --ddl-lock-timeout 'PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]'
            cand --statement-timeout 'PostgreSQL statement_timeout for each statement of a migration [default: 30m]'
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand --allow-production 'Allow this even when the settings mark the environment as production'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;migrate;verify'= {
            cand --scratch-url 'An empty database to verify in (it is left migrated); by default a scratch database is created on the server of --database-url and dropped afterwards'
            cand --lock-timeout 'How long to wait for the migration lock held by another run, then exit 75 [default: 30s]'
            cand --ddl-lock-timeout 'PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]'
            cand --statement-timeout 'PostgreSQL statement_timeout for each statement of a migration [default: 30m]'
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;migrate;new'= {
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;migrate;help'= {
            cand status 'Show every migration: applied, pending, checksum changed, file missing or failed'
            cand up 'Apply pending migrations, in order'
            cand down 'Revert applied migrations, newest first (needs an explicit target)'
            cand redo 'Revert the newest migrations and apply them again'
            cand verify 'Check on a scratch database that every down script reverses its up script; exit 1 if one does not'
            cand new 'Create the up/down files of a new migration with the next version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;migrate;help;status'= {
        }
        &'platformctl;migrate;help;up'= {
        }
        &'platformctl;migrate;help;down'= {
        }
        &'platformctl;migrate;help;redo'= {
        }
        &'platformctl;migrate;help;verify'= {
        }
        &'platformctl;migrate;help;new'= {
        }
        &'platformctl;migrate;help;help'= {
        }
        &'platformctl;cache'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand warm 'Fill Redis from PostgreSQL (every kind, or --only some); rebuilds the token denylist'
            cand stats 'Our counters (published by the processes using the cache) and each server''s'
            cand invalidate 'Delete one cached entry'
            cand flush 'Delete every key under platform: on every primary (never anything else)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;cache;warm'= {
            cand --only 'Only these kinds (comma-separated)'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;cache;stats'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;cache;invalidate'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;cache;flush'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand --allow-production 'Allow this even when the settings mark the environment as production'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;cache;help'= {
            cand warm 'Fill Redis from PostgreSQL (every kind, or --only some); rebuilds the token denylist'
            cand stats 'Our counters (published by the processes using the cache) and each server''s'
            cand invalidate 'Delete one cached entry'
            cand flush 'Delete every key under platform: on every primary (never anything else)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;cache;help;warm'= {
        }
        &'platformctl;cache;help;stats'= {
        }
        &'platformctl;cache;help;invalidate'= {
        }
        &'platformctl;cache;help;flush'= {
        }
        &'platformctl;cache;help;help'= {
        }
        &'platformctl;seed'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand run 'Load seed files in one transaction; safe to run again'
            cand generate 'Generate bulk sample data through COPY, deterministic for a --rng-seed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;seed;run'= {
            cand --env 'Seed set to load: seeds/ENV.yaml (development, demo, test are built in)'
            cand --file 'Seed file to load instead of an environment''s (repeatable, loaded in order)'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --dry-run 'Show what would be created or updated; change nothing'
            cand --allow-production 'Seed even when the settings mark the environment as production'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;seed;generate'= {
            cand --users 'Users to generate (each with a profile, activities and audit rows)'
            cand --workspaces 'Workspaces (each with members, settings, agents, a repository and a connection)'
            cand --messages 'Chat messages, spread over conversations of varying length'
            cand --artifacts 'Artifacts (each with 1 to 40 versions and a few sync log rows)'
            cand --rng-seed 'Seed of the random generator: the same seed (and --end) gives the same data'
            cand --jobs 'Parallel workers, each with its own connection [default: CPU count]'
            cand --end 'Newest generated time (RFC 3339); data spans the 18 months before it [default: today 00:00 UTC]'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --remove 'Remove the data of --rng-seed instead (what a killed run left, too)'
            cand --allow-production 'Generate even when the settings mark the environment as production'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;seed;help'= {
            cand run 'Load seed files in one transaction; safe to run again'
            cand generate 'Generate bulk sample data through COPY, deterministic for a --rng-seed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;seed;help;run'= {
        }
        &'platformctl;seed;help;generate'= {
        }
        &'platformctl;seed;help;help'= {
        }
        &'platformctl;secrets'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand rotate-key 'Re-encrypt every stored secret under PLATFORMCTL_MASTER_KEY; resumable and safe to run again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;secrets;rotate-key'= {
            cand --batch-size 'Rows re-encrypted per transaction'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --dry-run 'Count what would be re-encrypted; change nothing'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;secrets;help'= {
            cand rotate-key 'Re-encrypt every stored secret under PLATFORMCTL_MASTER_KEY; resumable and safe to run again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;secrets;help;rotate-key'= {
        }
        &'platformctl;secrets;help;help'= {
        }
        &'platformctl;completions'= {
            cand --out 'Write completions for every shell into this directory instead'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;man'= {
            cand --out 'Write one page per command into this directory instead of printing the main page'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;help'= {
            cand setup 'Create the database if missing and apply migrations; safe to run again'
            cand doctor 'Check reachability, versions, pending migrations and clocks; exit 1 on a failed check'
            cand db 'Create, drop or reset the database'
            cand migrate 'Apply, revert, inspect and verify schema migrations'
            cand cache 'Warm, inspect, invalidate or flush the Redis cache'
            cand seed 'Load seed files, or generate bulk sample data'
            cand secrets 'Manage the encryption of stored secrets'
            cand completions 'Print shell completions, or write them for every shell with --out'
            cand man 'Print the manual page, or write one page per command with --out'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;help;setup'= {
        }
        &'platformctl;help;doctor'= {
        }
        &'platformctl;help;db'= {
            cand create 'Create the database named in --database-url (nothing happens when it exists)'
            cand drop 'Drop the database named in --database-url'
            cand reset 'Drop the database, create it again, and apply every migration'
        }
        &'platformctl;help;db;create'= {
        }
        &'platformctl;help;db;drop'= {
        }
        &'platformctl;help;db;reset'= {
        }
        &'platformctl;help;migrate'= {
            cand status 'Show every migration: applied, pending, checksum changed, file missing or failed'
            cand up 'Apply pending migrations, in order'
            cand down 'Revert applied migrations, newest first (needs an explicit target)'
            cand redo 'Revert the newest migrations and apply them again'
            cand verify 'Check on a scratch database that every down script reverses its up script; exit 1 if one does not'
            cand new 'Create the up/down files of a new migration with the next version'
        }
        &'platformctl;help;migrate;status'= {
        }
        &'platformctl;help;migrate;up'= {
        }
        &'platformctl;help;migrate;down'= {
        }
        &'platformctl;help;migrate;redo'= {
        }
        &'platformctl;help;migrate;verify'= {
        }
        &'platformctl;help;migrate;new'= {
        }
        &'platformctl;help;cache'= {
            cand warm 'Fill Redis from PostgreSQL (every kind, or --only some); rebuilds the token denylist'
            cand stats 'Our counters (published by the processes using the cache) and each server''s'
            cand invalidate 'Delete one cached entry'
            cand flush 'Delete every key under platform: on every primary (never anything else)'
        }
        &'platformctl;help;cache;warm'= {
        }
        &'platformctl;help;cache;stats'= {
        }
        &'platformctl;help;cache;invalidate'= {
        }
        &'platformctl;help;cache;flush'= {
        }
        &'platformctl;help;seed'= {
            cand run 'Load seed files in one transaction; safe to run again'
            cand generate 'Generate bulk sample data through COPY, deterministic for a --rng-seed'
        }
        &'platformctl;help;seed;run'= {
        }
        &'platformctl;help;seed;generate'= {
        }
        &'platformctl;help;secrets'= {
            cand rotate-key 'Re-encrypt every stored secret under PLATFORMCTL_MASTER_KEY; resumable and safe to run again'
        }
        &'platformctl;help;secrets;rotate-key'= {
        }
        &'platformctl;help;completions'= {
        }
        &'platformctl;help;man'= {
        }
        &'platformctl;help;help'= {
        }
    ]
    $completions[$command]
}


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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand doctor 'Check reachability (PostgreSQL, Redis, RabbitMQ), versions, migrations, signing keys, Redis eviction, the outbox and clocks; exit 1 on a failed check'
            cand db 'Create, drop or reset the database'
            cand migrate 'Apply, revert, inspect and verify schema migrations'
            cand backup 'Back up, verify, list, prune and restore the database'
            cand retention 'Plan and run retention purges: archive, then delete, what has outlived its use'
            cand cache 'Warm, inspect, invalidate or flush the Redis cache'
            cand seed 'Load seed files, or generate bulk sample data'
            cand secrets 'Manage the encryption of stored secrets'
            cand user 'Create, list, show, change, disable and delete users'
            cand role 'List roles; grant and revoke them'
            cand session 'List and revoke user sessions'
            cand token 'Issue, list, revoke and verify JWTs'
            cand keys 'Manage the Ed25519 keys that sign tokens, and publish them as a JWKS'
            cand audit 'Read the audit trail'
            cand serve 'Serve the platform''s HTTP API: a public and an admin listener'
            cand events 'Relay domain events to RabbitMQ; inspect, retry and replay the outbox'
            cand completions 'Print shell completions, or write them for every shell with --out'
            cand man 'Print the manual page, or write one page per command with --out'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;setup'= {
            cand --env 'Seed set to load: seeds/ENV.yaml (development, demo, test are built in) [default: the environment, PLATFORMCTL_ENV or development]'
            cand --source 'Read migrations from this directory instead of those embedded in the binary'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;backup'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand create 'Back up every table from one consistent snapshot, in parallel, compressed and checksummed'
            cand list 'List the backups of a directory, newest first, with size, duration and status'
            cand verify 'Recompute every checksum of a backup; exit 65 naming the first bad file'
            cand restore 'Restore a backup into an empty (or missing) database, all or nothing'
            cand prune 'Remove old backups, keeping the last N, daily and weekly ones; never the newest verified'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;backup;create'= {
            cand --out 'The backup directory to create [default: <backup dir>/<database>-<UTC time>]'
            cand --jobs 'Parallel workers, each with its own connection [default: CPU count]'
            cand --compression 'Compression of the data files'
            cand --chunk-size 'Tables larger than this are cut into chunks of about this size (bytes; K, M, G suffixes)'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --verify 'Verify the backup once written (re-read every file)'
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
        &'platformctl;backup;list'= {
            cand --dir 'The directory of backups [env: PLATFORMCTL_BACKUP_DIR] [default: backups, or [backup] dir in the config]'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;backup;verify'= {
            cand --jobs 'Files checked in parallel [default: CPU count]'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;backup;restore'= {
            cand --target-url 'Restore into this database instead of the configured one (PostgreSQL URL)'
            cand --jobs 'Parallel workers, each with its own connection [default: CPU count]'
            cand --toast-compression 'How the large values PostgreSQL stores out of line (TOAST) are compressed as they load, in columns without a method of their own: lz4 writes them about 2.5 times faster than pglz, for a slightly larger table (pglz when the server lacks lz4)'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --clean 'Replace a target database that is not empty (asks first, unless --yes)'
            cand --no-cache 'Leave Redis alone after the restore (no flush, no warm)'
            cand --read-back 'Also read every table back from the database and compare its content hash (slower; each chunk is already checked as it loads)'
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
        &'platformctl;backup;prune'= {
            cand --dir 'The directory of backups [env: PLATFORMCTL_BACKUP_DIR] [default: backups, or [backup] dir in the config]'
            cand --keep-last 'Keep the N newest backups'
            cand --keep-daily 'Keep the newest backup of each of the N newest days that have one'
            cand --keep-weekly 'Keep the newest backup of each of the N newest ISO weeks that have one'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --dry-run 'Show what would be removed; remove nothing'
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
        &'platformctl;backup;help'= {
            cand create 'Back up every table from one consistent snapshot, in parallel, compressed and checksummed'
            cand list 'List the backups of a directory, newest first, with size, duration and status'
            cand verify 'Recompute every checksum of a backup; exit 65 naming the first bad file'
            cand restore 'Restore a backup into an empty (or missing) database, all or nothing'
            cand prune 'Remove old backups, keeping the last N, daily and weekly ones; never the newest verified'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;backup;help;create'= {
        }
        &'platformctl;backup;help;list'= {
        }
        &'platformctl;backup;help;verify'= {
        }
        &'platformctl;backup;help;restore'= {
        }
        &'platformctl;backup;help;prune'= {
        }
        &'platformctl;backup;help;help'= {
        }
        &'platformctl;retention'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand plan 'Count, for each policy, the rows due, the oldest one and the batches it would take; change nothing'
            cand purge 'Archive, then delete, the rows due, in short batches; one run at a time'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;retention;plan'= {
            cand --policy 'Only this policy (repeatable) [default: every policy]'
            cand --as-of 'Evaluate retention as of this RFC 3339 time, not now (never later than the database''s clock)'
            cand --batch-size 'Rows each batch takes, instead of adapting to the time budget'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;retention;purge'= {
            cand --policy 'Only this policy (repeatable) [default: every policy]'
            cand --as-of 'Evaluate retention as of this RFC 3339 time, not now (never later than the database''s clock)'
            cand --batch-size 'Rows each batch takes, instead of adapting to the time budget'
            cand --max-duration 'Stop cleanly between batches after this long; the summary then says completed: false'
            cand --archive-dir 'Where the archive goes [env: PLATFORMCTL_ARCHIVE_DIR] [default: archive, or [retention] archive_dir]'
            cand --cpu-priority 'How this process competes for CPU: idle runs it behind every other task of its scheduling group, its cgroup or its session (Linux SCHED_IDLE); the server''s backend keeps its own priority'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --dry-run 'Say what would be purged (as `plan` does); archive and delete nothing'
            cand --no-cache 'Leave Redis alone (purged entities then stay cached until their TTL)'
            cand --json 'Same as --format json'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
            cand --no-progress 'Never draw progress bars (they are drawn only on a terminal anyway)'
            cand --no-color 'No colours [env: NO_COLOR]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'platformctl;retention;help'= {
            cand plan 'Count, for each policy, the rows due, the oldest one and the batches it would take; change nothing'
            cand purge 'Archive, then delete, the rows due, in short batches; one run at a time'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;retention;help;plan'= {
        }
        &'platformctl;retention;help;purge'= {
        }
        &'platformctl;retention;help;help'= {
        }
        &'platformctl;cache'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;user'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand create 'Create a user; the password is asked twice at a terminal, or read from stdin or a file'
            cand list 'List users as a table or JSON, with filters and pages'
            cand show 'Show a user with their roles, sessions and active tokens'
            cand update 'Change a user''s name or role'
            cand disable 'Disable a user: their tokens and sessions are revoked at once'
            cand enable 'Enable a disabled user (revoked tokens stay revoked)'
            cand set-password 'Set a user''s password (asked twice at a terminal, or from stdin or a file)'
            cand delete 'Delete a user (soft); --hard also erases their personal data'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;user;create'= {
            cand --email 'email'
            cand --name 'name'
            cand --role 'role'
            cand --password-file 'Read the password from the first line of FILE'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --password-stdin 'Read the password from stdin (one line)'
            cand --no-password 'No password: the user signs in only through GitHub or Azure'
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
        &'platformctl;user;list'= {
            cand --role 'role'
            cand --status 'status'
            cand --search 'Part of the email or name'
            cand --limit 'limit'
            cand --page 'page'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;user;show'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;user;update'= {
            cand --name 'name'
            cand --role 'role'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;user;disable'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;user;enable'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;user;set-password'= {
            cand --password-file 'Read the password from the first line of FILE'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --password-stdin 'Read the password from stdin (one line)'
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
        &'platformctl;user;delete'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --hard 'Also erase personal data (cannot be undone)'
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
        &'platformctl;user;help'= {
            cand create 'Create a user; the password is asked twice at a terminal, or read from stdin or a file'
            cand list 'List users as a table or JSON, with filters and pages'
            cand show 'Show a user with their roles, sessions and active tokens'
            cand update 'Change a user''s name or role'
            cand disable 'Disable a user: their tokens and sessions are revoked at once'
            cand enable 'Enable a disabled user (revoked tokens stay revoked)'
            cand set-password 'Set a user''s password (asked twice at a terminal, or from stdin or a file)'
            cand delete 'Delete a user (soft); --hard also erases their personal data'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;user;help;create'= {
        }
        &'platformctl;user;help;list'= {
        }
        &'platformctl;user;help;show'= {
        }
        &'platformctl;user;help;update'= {
        }
        &'platformctl;user;help;disable'= {
        }
        &'platformctl;user;help;enable'= {
        }
        &'platformctl;user;help;set-password'= {
        }
        &'platformctl;user;help;delete'= {
        }
        &'platformctl;user;help;help'= {
        }
        &'platformctl;role'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand list 'List roles with their permissions and how many users hold them'
            cand grant 'Grant a role to a user (on top of their primary role)'
            cand revoke 'Revoke a granted role from a user'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;role;list'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;role;grant'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;role;revoke'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;role;help'= {
            cand list 'List roles with their permissions and how many users hold them'
            cand grant 'Grant a role to a user (on top of their primary role)'
            cand revoke 'Revoke a granted role from a user'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;role;help;list'= {
        }
        &'platformctl;role;help;grant'= {
        }
        &'platformctl;role;help;revoke'= {
        }
        &'platformctl;role;help;help'= {
        }
        &'platformctl;session'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand list 'List sessions (active ones unless --all), a user''s or the newest 100 of everyone'
            cand revoke 'Revoke a session, or every session of a user, and the tokens issued for them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;session;list'= {
            cand --user 'Only this user''s (an email address or a user id)'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --all 'Include revoked and expired sessions'
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
        &'platformctl;session;revoke'= {
            cand --user 'Every live session of this user instead'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;session;help'= {
            cand list 'List sessions (active ones unless --all), a user''s or the newest 100 of everyone'
            cand revoke 'Revoke a session, or every session of a user, and the tokens issued for them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;session;help;list'= {
        }
        &'platformctl;session;help;revoke'= {
        }
        &'platformctl;session;help;help'= {
        }
        &'platformctl;token'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand issue 'Issue a token for an active user; prints the token (and only that) on stdout'
            cand list 'List issued tokens, newest first (metadata only)'
            cand revoke 'Revoke one token by its jti, or every live token of a user'
            cand verify 'Verify a token: exit 0 when valid, 1 with the reason when not'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;token;issue'= {
            cand --ttl 'Lifetime [default: [auth] access_ttl (15m) or refresh_ttl (30d)]'
            cand --audience 'The aud claim [default: [auth] default_audience]'
            cand --scope 'A scope to grant (repeat for several)'
            cand --kind 'kind'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;token;list'= {
            cand --user 'Only this user''s tokens'
            cand --limit 'limit'
            cand --page 'page'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --active 'Only tokens neither revoked nor expired'
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
        &'platformctl;token;revoke'= {
            cand --user 'Every live token of this user instead'
            cand --reason 'Why, kept with the revocation'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;token;verify'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;token;help'= {
            cand issue 'Issue a token for an active user; prints the token (and only that) on stdout'
            cand list 'List issued tokens, newest first (metadata only)'
            cand revoke 'Revoke one token by its jti, or every live token of a user'
            cand verify 'Verify a token: exit 0 when valid, 1 with the reason when not'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;token;help;issue'= {
        }
        &'platformctl;token;help;list'= {
        }
        &'platformctl;token;help;revoke'= {
        }
        &'platformctl;token;help;verify'= {
        }
        &'platformctl;token;help;help'= {
        }
        &'platformctl;keys'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand list 'List every signing key with its status and live tokens'
            cand generate 'Make a new key: active when none is, else pending until the next rotate'
            cand rotate 'Make the newest pending key (or a new one) sign; the old one keeps verifying'
            cand retire 'Stop accepting tokens signed by a key (never the active one)'
            cand jwks 'Print the public keys as a JWKS document (RFC 7517) for verifiers'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;keys;list'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;keys;generate'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;keys;rotate'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;keys;retire'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;keys;jwks'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;keys;help'= {
            cand list 'List every signing key with its status and live tokens'
            cand generate 'Make a new key: active when none is, else pending until the next rotate'
            cand rotate 'Make the newest pending key (or a new one) sign; the old one keeps verifying'
            cand retire 'Stop accepting tokens signed by a key (never the active one)'
            cand jwks 'Print the public keys as a JWKS document (RFC 7517) for verifiers'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;keys;help;list'= {
        }
        &'platformctl;keys;help;generate'= {
        }
        &'platformctl;keys;help;rotate'= {
        }
        &'platformctl;keys;help;retire'= {
        }
        &'platformctl;keys;help;jwks'= {
        }
        &'platformctl;keys;help;help'= {
        }
        &'platformctl;audit'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand list 'List audit entries, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;audit;list'= {
            cand --since 'Entries at or after this time, or this long ago'
            cand --actor 'Only this actor (os:alice, user:<id>...)'
            cand --action 'Only this action, or actions starting with a prefix ending in `.`'
            cand --limit 'limit'
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
        &'platformctl;audit;help'= {
            cand list 'List audit entries, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;audit;help;list'= {
        }
        &'platformctl;audit;help;help'= {
        }
        &'platformctl;serve'= {
            cand --listen 'Public listener [env: PLATFORMCTL_LISTEN] [default: [server] listen, or 127.0.0.1:8000]'
            cand --admin-listen 'Admin listener [env: PLATFORMCTL_ADMIN_LISTEN] [default: [server] admin_listen, or 127.0.0.1:8001]'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;events'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand relay 'Publish pending events to RabbitMQ until stopped (SIGTERM, Ctrl-C)'
            cand status 'The outbox at a glance; exit 1 when the oldest pending event is too old'
            cand list 'List events, newest first'
            cand retry 'Make dead events pending again'
            cand replay 'Publish events again (for a consumer rebuilding its state)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;events;relay'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --once 'Publish what is pending, then exit (for cron)'
            cand --celery 'Publish Celery tasks (message protocol 2): the task is named after the event type, its one argument is the envelope, its id the event id'
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
        &'platformctl;events;status'= {
            cand --max-age 'Exit 1 when the oldest pending event is older than this (5m, 1h)'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;events;list'= {
            cand --type 'Only this event type (user.created)'
            cand --state 'state'
            cand --aggregate 'Only the events of this aggregate (a user''s id...)'
            cand --limit 'limit'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;events;retry'= {
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
            cand --dead 'Every dead event'
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
        &'platformctl;events;replay'= {
            cand --since 'Events written at or after this RFC 3339 time, or this long ago (2h, 7d)'
            cand --type 'Only this event type'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
        &'platformctl;events;help'= {
            cand relay 'Publish pending events to RabbitMQ until stopped (SIGTERM, Ctrl-C)'
            cand status 'The outbox at a glance; exit 1 when the oldest pending event is too old'
            cand list 'List events, newest first'
            cand retry 'Make dead events pending again'
            cand replay 'Publish events again (for a consumer rebuilding its state)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'platformctl;events;help;relay'= {
        }
        &'platformctl;events;help;status'= {
        }
        &'platformctl;events;help;list'= {
        }
        &'platformctl;events;help;retry'= {
        }
        &'platformctl;events;help;replay'= {
        }
        &'platformctl;events;help;help'= {
        }
        &'platformctl;completions'= {
            cand --out 'Write completions for every shell into this directory instead'
            cand --database-url 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]'
            cand --redis-url 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --config 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]'
            cand --connect-timeout 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]'
            cand --format 'Output format of the data on stdout'
            cand --log-format 'Log format on stderr'
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand --actor 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]'
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
            cand doctor 'Check reachability (PostgreSQL, Redis, RabbitMQ), versions, migrations, signing keys, Redis eviction, the outbox and clocks; exit 1 on a failed check'
            cand db 'Create, drop or reset the database'
            cand migrate 'Apply, revert, inspect and verify schema migrations'
            cand backup 'Back up, verify, list, prune and restore the database'
            cand retention 'Plan and run retention purges: archive, then delete, what has outlived its use'
            cand cache 'Warm, inspect, invalidate or flush the Redis cache'
            cand seed 'Load seed files, or generate bulk sample data'
            cand secrets 'Manage the encryption of stored secrets'
            cand user 'Create, list, show, change, disable and delete users'
            cand role 'List roles; grant and revoke them'
            cand session 'List and revoke user sessions'
            cand token 'Issue, list, revoke and verify JWTs'
            cand keys 'Manage the Ed25519 keys that sign tokens, and publish them as a JWKS'
            cand audit 'Read the audit trail'
            cand serve 'Serve the platform''s HTTP API: a public and an admin listener'
            cand events 'Relay domain events to RabbitMQ; inspect, retry and replay the outbox'
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
        &'platformctl;help;backup'= {
            cand create 'Back up every table from one consistent snapshot, in parallel, compressed and checksummed'
            cand list 'List the backups of a directory, newest first, with size, duration and status'
            cand verify 'Recompute every checksum of a backup; exit 65 naming the first bad file'
            cand restore 'Restore a backup into an empty (or missing) database, all or nothing'
            cand prune 'Remove old backups, keeping the last N, daily and weekly ones; never the newest verified'
        }
        &'platformctl;help;backup;create'= {
        }
        &'platformctl;help;backup;list'= {
        }
        &'platformctl;help;backup;verify'= {
        }
        &'platformctl;help;backup;restore'= {
        }
        &'platformctl;help;backup;prune'= {
        }
        &'platformctl;help;retention'= {
            cand plan 'Count, for each policy, the rows due, the oldest one and the batches it would take; change nothing'
            cand purge 'Archive, then delete, the rows due, in short batches; one run at a time'
        }
        &'platformctl;help;retention;plan'= {
        }
        &'platformctl;help;retention;purge'= {
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
        &'platformctl;help;user'= {
            cand create 'Create a user; the password is asked twice at a terminal, or read from stdin or a file'
            cand list 'List users as a table or JSON, with filters and pages'
            cand show 'Show a user with their roles, sessions and active tokens'
            cand update 'Change a user''s name or role'
            cand disable 'Disable a user: their tokens and sessions are revoked at once'
            cand enable 'Enable a disabled user (revoked tokens stay revoked)'
            cand set-password 'Set a user''s password (asked twice at a terminal, or from stdin or a file)'
            cand delete 'Delete a user (soft); --hard also erases their personal data'
        }
        &'platformctl;help;user;create'= {
        }
        &'platformctl;help;user;list'= {
        }
        &'platformctl;help;user;show'= {
        }
        &'platformctl;help;user;update'= {
        }
        &'platformctl;help;user;disable'= {
        }
        &'platformctl;help;user;enable'= {
        }
        &'platformctl;help;user;set-password'= {
        }
        &'platformctl;help;user;delete'= {
        }
        &'platformctl;help;role'= {
            cand list 'List roles with their permissions and how many users hold them'
            cand grant 'Grant a role to a user (on top of their primary role)'
            cand revoke 'Revoke a granted role from a user'
        }
        &'platformctl;help;role;list'= {
        }
        &'platformctl;help;role;grant'= {
        }
        &'platformctl;help;role;revoke'= {
        }
        &'platformctl;help;session'= {
            cand list 'List sessions (active ones unless --all), a user''s or the newest 100 of everyone'
            cand revoke 'Revoke a session, or every session of a user, and the tokens issued for them'
        }
        &'platformctl;help;session;list'= {
        }
        &'platformctl;help;session;revoke'= {
        }
        &'platformctl;help;token'= {
            cand issue 'Issue a token for an active user; prints the token (and only that) on stdout'
            cand list 'List issued tokens, newest first (metadata only)'
            cand revoke 'Revoke one token by its jti, or every live token of a user'
            cand verify 'Verify a token: exit 0 when valid, 1 with the reason when not'
        }
        &'platformctl;help;token;issue'= {
        }
        &'platformctl;help;token;list'= {
        }
        &'platformctl;help;token;revoke'= {
        }
        &'platformctl;help;token;verify'= {
        }
        &'platformctl;help;keys'= {
            cand list 'List every signing key with its status and live tokens'
            cand generate 'Make a new key: active when none is, else pending until the next rotate'
            cand rotate 'Make the newest pending key (or a new one) sign; the old one keeps verifying'
            cand retire 'Stop accepting tokens signed by a key (never the active one)'
            cand jwks 'Print the public keys as a JWKS document (RFC 7517) for verifiers'
        }
        &'platformctl;help;keys;list'= {
        }
        &'platformctl;help;keys;generate'= {
        }
        &'platformctl;help;keys;rotate'= {
        }
        &'platformctl;help;keys;retire'= {
        }
        &'platformctl;help;keys;jwks'= {
        }
        &'platformctl;help;audit'= {
            cand list 'List audit entries, newest first'
        }
        &'platformctl;help;audit;list'= {
        }
        &'platformctl;help;serve'= {
        }
        &'platformctl;help;events'= {
            cand relay 'Publish pending events to RabbitMQ until stopped (SIGTERM, Ctrl-C)'
            cand status 'The outbox at a glance; exit 1 when the oldest pending event is too old'
            cand list 'List events, newest first'
            cand retry 'Make dead events pending again'
            cand replay 'Publish events again (for a consumer rebuilding its state)'
        }
        &'platformctl;help;events;relay'= {
        }
        &'platformctl;help;events;status'= {
        }
        &'platformctl;help;events;list'= {
        }
        &'platformctl;help;events;retry'= {
        }
        &'platformctl;help;events;replay'= {
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

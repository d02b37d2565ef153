# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_platformctl_global_optspecs
    string join \n database-url= redis-url= config= connect-timeout= format= json q/quiet v/verbose log-format= no-progress no-color actor= h/help V/version
end

function __fish_platformctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_platformctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_platformctl_using_subcommand
    set -l cmd (__fish_platformctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c platformctl -n "__fish_platformctl_needs_command" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_needs_command" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_needs_command" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_needs_command" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_needs_command" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_needs_command" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_needs_command" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_needs_command" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_needs_command" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_needs_command" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_needs_command" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_needs_command" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_needs_command" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "setup" -d 'Create the database if missing and apply migrations; safe to run again'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "doctor" -d 'Check reachability (PostgreSQL, Redis, RabbitMQ), versions, migrations, signing keys, Redis eviction, the outbox and clocks; exit 1 on a failed check'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "db" -d 'Create, drop or reset the database'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "migrate" -d 'Apply, revert, inspect and verify schema migrations'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "backup" -d 'Back up, verify, list, prune and restore the database'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "retention" -d 'Plan and run retention purges: archive, then delete, what has outlived its use'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "cache" -d 'Warm, inspect, invalidate or flush the Redis cache'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "seed" -d 'Load seed files, or generate bulk sample data'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "secrets" -d 'Manage the encryption of stored secrets'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "user" -d 'Create, list, show, change, disable and delete users'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "role" -d 'List roles; grant and revoke them'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "session" -d 'List and revoke user sessions'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "token" -d 'Issue, list, revoke and verify JWTs'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "keys" -d 'Manage the Ed25519 keys that sign tokens, and publish them as a JWKS'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "audit" -d 'Read the audit trail'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "serve" -d 'Serve the platform\'s HTTP API: a public and an admin listener'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "events" -d 'Relay domain events to RabbitMQ; inspect, retry and replay the outbox'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "completions" -d 'Print shell completions, or write them for every shell with --out'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "man" -d 'Print the manual page, or write one page per command with --out'
complete -c platformctl -n "__fish_platformctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l env -d 'Seed set to load: seeds/ENV.yaml (development, demo, test are built in) [default: the environment, PLATFORMCTL_ENV or development]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l no-seed -d 'Skip loading seed data'
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l allow-production -d 'Seed even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand setup" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -f -a "create" -d 'Create the database named in --database-url (nothing happens when it exists)'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -f -a "drop" -d 'Drop the database named in --database-url'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -f -a "reset" -d 'Drop the database, create it again, and apply every migration'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and not __fish_seen_subcommand_from create drop reset help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l force -d 'Terminate other sessions connected to the database first'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l allow-production -d 'Allow this even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from drop" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l force -d 'Terminate other sessions connected to the database first'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l allow-production -d 'Allow this even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from reset" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create the database named in --database-url (nothing happens when it exists)'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "drop" -d 'Drop the database named in --database-url'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Drop the database, create it again, and apply every migration'
complete -c platformctl -n "__fish_platformctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -f -a "status" -d 'Show every migration: applied, pending, checksum changed, file missing or failed'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -f -a "up" -d 'Apply pending migrations, in order'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -f -a "down" -d 'Revert applied migrations, newest first (needs an explicit target)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -f -a "redo" -d 'Revert the newest migrations and apply them again'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -f -a "verify" -d 'Check on a scratch database that every down script reverses its up script; exit 1 if one does not'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -f -a "new" -d 'Create the up/down files of a new migration with the next version'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo verify new help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l check -d 'Exit 1 unless every migration is applied and unchanged'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l to -d 'Apply pending migrations up to and including this version' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l lock-timeout -d 'How long to wait for the migration lock held by another run, then exit 75 [default: 30s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l ddl-lock-timeout -d 'PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l statement-timeout -d 'PostgreSQL statement_timeout for each statement of a migration [default: 30m]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l dry-run -d 'Print, in order, the SQL that would run; change nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l allow-out-of-order -d 'Apply pending migrations older than the newest applied one (they are refused by default)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l steps -d 'Revert the newest N applied migrations' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l to -d 'Revert every applied migration newer than this version (0 reverts all)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l lock-timeout -d 'How long to wait for the migration lock held by another run, then exit 75 [default: 30s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l ddl-lock-timeout -d 'PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l statement-timeout -d 'PostgreSQL statement_timeout for each statement of a migration [default: 30m]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l all -d 'Revert every applied migration'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l dry-run -d 'Print, in order, the SQL that would run; change nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l allow-production -d 'Allow this even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l steps -d 'How many of the newest migrations to revert and apply again' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l lock-timeout -d 'How long to wait for the migration lock held by another run, then exit 75 [default: 30s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l ddl-lock-timeout -d 'PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l statement-timeout -d 'PostgreSQL statement_timeout for each statement of a migration [default: 30m]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l allow-production -d 'Allow this even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l scratch-url -d 'An empty database to verify in (it is left migrated); by default a scratch database is created on the server of --database-url and dropped afterwards' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l lock-timeout -d 'How long to wait for the migration lock held by another run, then exit 75 [default: 30s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l ddl-lock-timeout -d 'PostgreSQL lock_timeout for each migration: how long DDL may wait for a table in use [default: 5s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l statement-timeout -d 'PostgreSQL statement_timeout for each statement of a migration [default: 30m]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l source -d 'Read migrations from this directory instead of those embedded in the binary' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show every migration: applied, pending, checksum changed, file missing or failed'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "up" -d 'Apply pending migrations, in order'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "down" -d 'Revert applied migrations, newest first (needs an explicit target)'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "redo" -d 'Revert the newest migrations and apply them again'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check on a scratch database that every down script reverses its up script; exit 1 if one does not'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "new" -d 'Create the up/down files of a new migration with the next version'
complete -c platformctl -n "__fish_platformctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -f -a "create" -d 'Back up every table from one consistent snapshot, in parallel, compressed and checksummed'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -f -a "list" -d 'List the backups of a directory, newest first, with size, duration and status'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -f -a "verify" -d 'Recompute every checksum of a backup; exit 65 naming the first bad file'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -f -a "restore" -d 'Restore a backup into an empty (or missing) database, all or nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -f -a "prune" -d 'Remove old backups, keeping the last N, daily and weekly ones; never the newest verified'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and not __fish_seen_subcommand_from create list verify restore prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l out -d 'The backup directory to create [default: <backup dir>/<database>-<UTC time>]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l jobs -d 'Parallel workers, each with its own connection [default: CPU count]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l compression -d 'Compression of the data files' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l chunk-size -d 'Tables larger than this are cut into chunks of about this size (bytes; K, M, G suffixes)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l verify -d 'Verify the backup once written (re-read every file)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l dir -d 'The directory of backups [env: PLATFORMCTL_BACKUP_DIR] [default: backups, or [backup] dir in the config]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l jobs -d 'Files checked in parallel [default: CPU count]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l target-url -d 'Restore into this database instead of the configured one (PostgreSQL URL)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l jobs -d 'Parallel workers, each with its own connection [default: CPU count]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l toast-compression -d 'How the large values PostgreSQL stores out of line (TOAST) are compressed as they load, in columns without a method of their own: lz4 writes them about 2.5 times faster than pglz, for a slightly larger table (pglz when the server lacks lz4)' -r -f -a "lz4\t''
pglz\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l clean -d 'Replace a target database that is not empty (asks first, unless --yes)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l no-cache -d 'Leave Redis alone after the restore (no flush, no warm)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l read-back -d 'Also read every table back from the database and compare its content hash (slower; each chunk is already checked as it loads)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l allow-production -d 'Allow this even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from restore" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l dir -d 'The directory of backups [env: PLATFORMCTL_BACKUP_DIR] [default: backups, or [backup] dir in the config]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l keep-last -d 'Keep the N newest backups' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l keep-daily -d 'Keep the newest backup of each of the N newest days that have one' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l keep-weekly -d 'Keep the newest backup of each of the N newest ISO weeks that have one' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l dry-run -d 'Show what would be removed; remove nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "create" -d 'Back up every table from one consistent snapshot, in parallel, compressed and checksummed'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the backups of a directory, newest first, with size, duration and status'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Recompute every checksum of a backup; exit 65 naming the first bad file'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Restore a backup into an empty (or missing) database, all or nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove old backups, keeping the last N, daily and weekly ones; never the newest verified'
complete -c platformctl -n "__fish_platformctl_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -f -a "plan" -d 'Count, for each policy, the rows due, the oldest one and the batches it would take; change nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -f -a "purge" -d 'Archive, then delete, the rows due, in short batches; one run at a time'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and not __fish_seen_subcommand_from plan purge help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l policy -d 'Only this policy (repeatable) [default: every policy]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l as-of -d 'Evaluate retention as of this RFC 3339 time, not now (never later than the database\'s clock)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l batch-size -d 'Rows each batch takes, instead of adapting to the time budget' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from plan" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l policy -d 'Only this policy (repeatable) [default: every policy]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l as-of -d 'Evaluate retention as of this RFC 3339 time, not now (never later than the database\'s clock)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l batch-size -d 'Rows each batch takes, instead of adapting to the time budget' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l max-duration -d 'Stop cleanly between batches after this long; the summary then says completed: false' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l archive-dir -d 'Where the archive goes [env: PLATFORMCTL_ARCHIVE_DIR] [default: archive, or [retention] archive_dir]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l cpu-priority -d 'How this process competes for CPU: idle runs it behind every other task of its scheduling group, its cgroup or its session (Linux SCHED_IDLE); the server\'s backend keeps its own priority' -r -f -a "idle\t'Behind every other task of this process\'s scheduling group (Linux SCHED_IDLE)'
normal\t'Compete like any other process'"
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l dry-run -d 'Say what would be purged (as `plan` does); archive and delete nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l no-cache -d 'Leave Redis alone (purged entities then stay cached until their TTL)'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from purge" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Count, for each policy, the rows due, the oldest one and the batches it would take; change nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from help" -f -a "purge" -d 'Archive, then delete, the rows due, in short batches; one run at a time'
complete -c platformctl -n "__fish_platformctl_using_subcommand retention; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -f -a "warm" -d 'Fill Redis from PostgreSQL (every kind, or --only some); rebuilds the token denylist'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -f -a "stats" -d 'Our counters (published by the processes using the cache) and each server\'s'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -f -a "invalidate" -d 'Delete one cached entry'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -f -a "flush" -d 'Delete every key under platform: on every primary (never anything else)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and not __fish_seen_subcommand_from warm stats invalidate flush help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l only -d 'Only these kinds (comma-separated)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from warm" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from invalidate" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l allow-production -d 'Allow this even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from flush" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "warm" -d 'Fill Redis from PostgreSQL (every kind, or --only some); rebuilds the token denylist'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Our counters (published by the processes using the cache) and each server\'s'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "invalidate" -d 'Delete one cached entry'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "flush" -d 'Delete every key under platform: on every primary (never anything else)'
complete -c platformctl -n "__fish_platformctl_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -f -a "run" -d 'Load seed files in one transaction; safe to run again'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -f -a "generate" -d 'Generate bulk sample data through COPY, deterministic for a --rng-seed'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and not __fish_seen_subcommand_from run generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l env -d 'Seed set to load: seeds/ENV.yaml (development, demo, test are built in)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l file -d 'Seed file to load instead of an environment\'s (repeatable, loaded in order)' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l dry-run -d 'Show what would be created or updated; change nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l allow-production -d 'Seed even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l users -d 'Users to generate (each with a profile, activities and audit rows)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l workspaces -d 'Workspaces (each with members, settings, agents, a repository and a connection)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l messages -d 'Chat messages, spread over conversations of varying length' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l artifacts -d 'Artifacts (each with 1 to 40 versions and a few sync log rows)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l rng-seed -d 'Seed of the random generator: the same seed (and --end) gives the same data' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l jobs -d 'Parallel workers, each with its own connection [default: CPU count]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l end -d 'Newest generated time (RFC 3339); data spans the 18 months before it [default: today 00:00 UTC]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l remove -d 'Remove the data of --rng-seed instead (what a killed run left, too)'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l allow-production -d 'Generate even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from generate" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from help" -f -a "run" -d 'Load seed files in one transaction; safe to run again'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Generate bulk sample data through COPY, deterministic for a --rng-seed'
complete -c platformctl -n "__fish_platformctl_using_subcommand seed; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -f -a "rotate-key" -d 'Re-encrypt every stored secret under PLATFORMCTL_MASTER_KEY; resumable and safe to run again'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and not __fish_seen_subcommand_from rotate-key help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l batch-size -d 'Rows re-encrypted per transaction' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l dry-run -d 'Count what would be re-encrypted; change nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from rotate-key" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "rotate-key" -d 'Re-encrypt every stored secret under PLATFORMCTL_MASTER_KEY; resumable and safe to run again'
complete -c platformctl -n "__fish_platformctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -f -a "create" -d 'Create a user; the password is asked twice at a terminal, or read from stdin or a file'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -f -a "list" -d 'List users as a table or JSON, with filters and pages'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -f -a "show" -d 'Show a user with their roles, sessions and active tokens'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -f -a "update" -d 'Change a user\'s name or role'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -f -a "disable" -d 'Disable a user: their tokens and sessions are revoked at once'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -f -a "enable" -d 'Enable a disabled user (revoked tokens stay revoked)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -f -a "set-password" -d 'Set a user\'s password (asked twice at a terminal, or from stdin or a file)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -f -a "delete" -d 'Delete a user (soft); --hard also erases their personal data'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and not __fish_seen_subcommand_from create list show update disable enable set-password delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l email -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l name -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l role -r -f -a "admin\t''
user\t''
readonly\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l password-file -d 'Read the password from the first line of FILE' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l password-stdin -d 'Read the password from stdin (one line)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l no-password -d 'No password: the user signs in only through GitHub or Azure'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l role -r -f -a "admin\t''
user\t''
readonly\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l status -r -f -a "active\t''
disabled\t''
deleted\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l search -d 'Part of the email or name' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l limit -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l page -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l name -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l role -r -f -a "admin\t''
user\t''
readonly\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from enable" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l password-file -d 'Read the password from the first line of FILE' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l password-stdin -d 'Read the password from stdin (one line)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from set-password" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l hard -d 'Also erase personal data (cannot be undone)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l allow-production -d 'Allow this even when the settings mark the environment as production'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a user; the password is asked twice at a terminal, or read from stdin or a file'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List users as a table or JSON, with filters and pages'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a user with their roles, sessions and active tokens'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a user\'s name or role'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable a user: their tokens and sessions are revoked at once'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Enable a disabled user (revoked tokens stay revoked)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "set-password" -d 'Set a user\'s password (asked twice at a terminal, or from stdin or a file)'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a user (soft); --hard also erases their personal data'
complete -c platformctl -n "__fish_platformctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -f -a "list" -d 'List roles with their permissions and how many users hold them'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -f -a "grant" -d 'Grant a role to a user (on top of their primary role)'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -f -a "revoke" -d 'Revoke a granted role from a user'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and not __fish_seen_subcommand_from list grant revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from grant" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "list" -d 'List roles with their permissions and how many users hold them'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "grant" -d 'Grant a role to a user (on top of their primary role)'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a granted role from a user'
complete -c platformctl -n "__fish_platformctl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -f -a "list" -d 'List sessions (active ones unless --all), a user\'s or the newest 100 of everyone'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -f -a "revoke" -d 'Revoke a session, or every session of a user, and the tokens issued for them'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l user -d 'Only this user\'s (an email address or a user id)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l all -d 'Include revoked and expired sessions'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l user -d 'Every live session of this user instead' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "list" -d 'List sessions (active ones unless --all), a user\'s or the newest 100 of everyone'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a session, or every session of a user, and the tokens issued for them'
complete -c platformctl -n "__fish_platformctl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -f -a "issue" -d 'Issue a token for an active user; prints the token (and only that) on stdout'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -f -a "list" -d 'List issued tokens, newest first (metadata only)'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -f -a "revoke" -d 'Revoke one token by its jti, or every live token of a user'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -f -a "verify" -d 'Verify a token: exit 0 when valid, 1 with the reason when not'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and not __fish_seen_subcommand_from issue list revoke verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l ttl -d 'Lifetime [default: [auth] access_ttl (15m) or refresh_ttl (30d)]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l audience -d 'The aud claim [default: [auth] default_audience]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l scope -d 'A scope to grant (repeat for several)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l kind -r -f -a "access\t''
refresh\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from issue" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l user -d 'Only this user\'s tokens' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l limit -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l page -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l active -d 'Only tokens neither revoked nor expired'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l user -d 'Every live token of this user instead' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l reason -d 'Why, kept with the revocation' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue a token for an active user; prints the token (and only that) on stdout'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List issued tokens, newest first (metadata only)'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke one token by its jti, or every live token of a user'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Verify a token: exit 0 when valid, 1 with the reason when not'
complete -c platformctl -n "__fish_platformctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -f -a "list" -d 'List every signing key with its status and live tokens'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -f -a "generate" -d 'Make a new key: active when none is, else pending until the next rotate'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -f -a "rotate" -d 'Make the newest pending key (or a new one) sign; the old one keeps verifying'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -f -a "retire" -d 'Stop accepting tokens signed by a key (never the active one)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -f -a "jwks" -d 'Print the public keys as a JWKS document (RFC 7517) for verifiers'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and not __fish_seen_subcommand_from list generate rotate retire jwks help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from generate" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from retire" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from jwks" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every signing key with its status and live tokens'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Make a new key: active when none is, else pending until the next rotate'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Make the newest pending key (or a new one) sign; the old one keeps verifying'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "retire" -d 'Stop accepting tokens signed by a key (never the active one)'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "jwks" -d 'Print the public keys as a JWKS document (RFC 7517) for verifiers'
complete -c platformctl -n "__fish_platformctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List audit entries, newest first'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l since -d 'Entries at or after this time, or this long ago' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l actor -d 'Only this actor (os:alice, user:<id>...)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l action -d 'Only this action, or actions starting with a prefix ending in `.`' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l limit -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "list" -d 'List audit entries, newest first'
complete -c platformctl -n "__fish_platformctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l listen -d 'Public listener [env: PLATFORMCTL_LISTEN] [default: [server] listen, or 127.0.0.1:8000]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l admin-listen -d 'Admin listener [env: PLATFORMCTL_ADMIN_LISTEN] [default: [server] admin_listen, or 127.0.0.1:8001]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand serve" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -f -a "relay" -d 'Publish pending events to RabbitMQ until stopped (SIGTERM, Ctrl-C)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -f -a "status" -d 'The outbox at a glance; exit 1 when the oldest pending event is too old'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -f -a "list" -d 'List events, newest first'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -f -a "retry" -d 'Make dead events pending again'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -f -a "replay" -d 'Publish events again (for a consumer rebuilding its state)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and not __fish_seen_subcommand_from relay status list retry replay help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l once -d 'Publish what is pending, then exit (for cron)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l celery -d 'Publish Celery tasks (message protocol 2): the task is named after the event type, its one argument is the envelope, its id the event id'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from relay" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l max-age -d 'Exit 1 when the oldest pending event is older than this (5m, 1h)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l type -d 'Only this event type (user.created)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l state -r -f -a "pending\t''
published\t''
dead\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l aggregate -d 'Only the events of this aggregate (a user\'s id...)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l limit -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l dead -d 'Every dead event'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l since -d 'Events written at or after this RFC 3339 time, or this long ago (2h, 7d)' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l type -d 'Only this event type' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from replay" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "relay" -d 'Publish pending events to RabbitMQ until stopped (SIGTERM, Ctrl-C)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "status" -d 'The outbox at a glance; exit 1 when the oldest pending event is too old'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "list" -d 'List events, newest first'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Make dead events pending again'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Publish events again (for a consumer rebuilding its state)'
complete -c platformctl -n "__fish_platformctl_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l out -d 'Write completions for every shell into this directory instead' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l out -d 'Write one page per command into this directory instead of printing the main page' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l database-url -d 'PostgreSQL URL [env: DATABASE_URL] [default: postgres://postgres@127.0.0.1:5432/platform]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l redis-url -d 'Redis URL; several comma-separated node URLs mean a Redis Cluster [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l config -d 'Config file [env: PLATFORMCTL_CONFIG] [default: ./platformctl.toml when present]' -r -F
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l connect-timeout -d 'How long connecting retries an unreachable server [env: PLATFORMCTL_CONNECT_TIMEOUT] [default: 10s]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l format -d 'Output format of the data on stdout' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l log-format -d 'Log format on stderr' -r -f -a "text\t''
json\t''"
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l actor -d 'Who is acting, for the audit trail [env: PLATFORMCTL_ACTOR] [default: os:<login>]' -r
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l json -d 'Same as --format json'
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace); RUST_LOG for fine control'
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l no-progress -d 'Never draw progress bars (they are drawn only on a terminal anyway)'
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -l no-color -d 'No colours [env: NO_COLOR]'
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -s h -l help -d 'Print help'
complete -c platformctl -n "__fish_platformctl_using_subcommand man" -s V -l version -d 'Print version'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "setup" -d 'Create the database if missing and apply migrations; safe to run again'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "doctor" -d 'Check reachability (PostgreSQL, Redis, RabbitMQ), versions, migrations, signing keys, Redis eviction, the outbox and clocks; exit 1 on a failed check'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "db" -d 'Create, drop or reset the database'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "migrate" -d 'Apply, revert, inspect and verify schema migrations'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "backup" -d 'Back up, verify, list, prune and restore the database'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "retention" -d 'Plan and run retention purges: archive, then delete, what has outlived its use'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "cache" -d 'Warm, inspect, invalidate or flush the Redis cache'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "seed" -d 'Load seed files, or generate bulk sample data'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "secrets" -d 'Manage the encryption of stored secrets'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "user" -d 'Create, list, show, change, disable and delete users'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "role" -d 'List roles; grant and revoke them'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "session" -d 'List and revoke user sessions'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "token" -d 'Issue, list, revoke and verify JWTs'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "keys" -d 'Manage the Ed25519 keys that sign tokens, and publish them as a JWKS'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "audit" -d 'Read the audit trail'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "serve" -d 'Serve the platform\'s HTTP API: a public and an admin listener'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "events" -d 'Relay domain events to RabbitMQ; inspect, retry and replay the outbox'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "completions" -d 'Print shell completions, or write them for every shell with --out'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "man" -d 'Print the manual page, or write one page per command with --out'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and not __fish_seen_subcommand_from setup doctor db migrate backup retention cache seed secrets user role session token keys audit serve events completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "create" -d 'Create the database named in --database-url (nothing happens when it exists)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "drop" -d 'Drop the database named in --database-url'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "reset" -d 'Drop the database, create it again, and apply every migration'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "status" -d 'Show every migration: applied, pending, checksum changed, file missing or failed'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "up" -d 'Apply pending migrations, in order'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "down" -d 'Revert applied migrations, newest first (needs an explicit target)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "redo" -d 'Revert the newest migrations and apply them again'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "verify" -d 'Check on a scratch database that every down script reverses its up script; exit 1 if one does not'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "new" -d 'Create the up/down files of a new migration with the next version'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "create" -d 'Back up every table from one consistent snapshot, in parallel, compressed and checksummed'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "list" -d 'List the backups of a directory, newest first, with size, duration and status'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "verify" -d 'Recompute every checksum of a backup; exit 65 naming the first bad file'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "restore" -d 'Restore a backup into an empty (or missing) database, all or nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "prune" -d 'Remove old backups, keeping the last N, daily and weekly ones; never the newest verified'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from retention" -f -a "plan" -d 'Count, for each policy, the rows due, the oldest one and the batches it would take; change nothing'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from retention" -f -a "purge" -d 'Archive, then delete, the rows due, in short batches; one run at a time'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "warm" -d 'Fill Redis from PostgreSQL (every kind, or --only some); rebuilds the token denylist'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "stats" -d 'Our counters (published by the processes using the cache) and each server\'s'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "invalidate" -d 'Delete one cached entry'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "flush" -d 'Delete every key under platform: on every primary (never anything else)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from seed" -f -a "run" -d 'Load seed files in one transaction; safe to run again'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from seed" -f -a "generate" -d 'Generate bulk sample data through COPY, deterministic for a --rng-seed'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from secrets" -f -a "rotate-key" -d 'Re-encrypt every stored secret under PLATFORMCTL_MASTER_KEY; resumable and safe to run again'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "create" -d 'Create a user; the password is asked twice at a terminal, or read from stdin or a file'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List users as a table or JSON, with filters and pages'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "show" -d 'Show a user with their roles, sessions and active tokens'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "update" -d 'Change a user\'s name or role'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "disable" -d 'Disable a user: their tokens and sessions are revoked at once'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "enable" -d 'Enable a disabled user (revoked tokens stay revoked)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "set-password" -d 'Set a user\'s password (asked twice at a terminal, or from stdin or a file)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "delete" -d 'Delete a user (soft); --hard also erases their personal data'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "list" -d 'List roles with their permissions and how many users hold them'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "grant" -d 'Grant a role to a user (on top of their primary role)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "revoke" -d 'Revoke a granted role from a user'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "list" -d 'List sessions (active ones unless --all), a user\'s or the newest 100 of everyone'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "revoke" -d 'Revoke a session, or every session of a user, and the tokens issued for them'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "issue" -d 'Issue a token for an active user; prints the token (and only that) on stdout'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List issued tokens, newest first (metadata only)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke one token by its jti, or every live token of a user'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "verify" -d 'Verify a token: exit 0 when valid, 1 with the reason when not'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "list" -d 'List every signing key with its status and live tokens'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "generate" -d 'Make a new key: active when none is, else pending until the next rotate'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "rotate" -d 'Make the newest pending key (or a new one) sign; the old one keeps verifying'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "retire" -d 'Stop accepting tokens signed by a key (never the active one)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "jwks" -d 'Print the public keys as a JWKS document (RFC 7517) for verifiers'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "list" -d 'List audit entries, newest first'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "relay" -d 'Publish pending events to RabbitMQ until stopped (SIGTERM, Ctrl-C)'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "status" -d 'The outbox at a glance; exit 1 when the oldest pending event is too old'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "list" -d 'List events, newest first'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "retry" -d 'Make dead events pending again'
complete -c platformctl -n "__fish_platformctl_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "replay" -d 'Publish events again (for a consumer rebuilding its state)'

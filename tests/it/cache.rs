//! The cache against a real Redis (and a real local Redis Cluster): read
//! through, invalidation after commit, TTL tiers and jitter, negative
//! caching, single-flight, the stale-set race, and Redis going down.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::{RedisCluster, RedisServer, TestDb};
use platformctl::cache::client::Endpoint;
use platformctl::cache::{Cache, Kind, entities, warm};
use platformctl::config::CacheSettings;
use platformctl::model::NewUser;
use platformctl::model::user::Profile;
use platformctl::repo::users;
use sqlx::Connection;
use uuid::Uuid;

async fn cache_at(urls: &[String], cluster: bool) -> Cache {
    let endpoint = Endpoint {
        urls: urls.to_vec(),
        response_timeout: Duration::from_millis(500),
        connect_timeout: Duration::from_secs(2),
        ca_file: None,
    };
    Cache::with_endpoint(endpoint, cluster, CacheSettings::default())
        .await
        .unwrap()
}

/// A Redis of the test's own (the machine's shared one is never written),
/// and the cache on it.
async fn private_cache() -> (RedisServer, Cache) {
    let redis = RedisServer::start();
    let cache = cache_at(&[redis.url()], false).await;
    (redis, cache)
}

fn redis(url: &str) -> redis::Client {
    redis::Client::open(url).unwrap()
}

/// PTTL of a key on the shared Redis, in milliseconds (-2: no key).
async fn pttl(url: &str, key: &str) -> i64 {
    let mut conn = redis(url).get_multiplexed_async_connection().await.unwrap();
    redis::cmd("PTTL").arg(key).query_async(&mut conn).await.unwrap()
}

async fn raw_get(url: &str, key: &str) -> Option<Vec<u8>> {
    let mut conn = redis(url).get_multiplexed_async_connection().await.unwrap();
    redis::cmd("GET").arg(key).query_async(&mut conn).await.unwrap()
}

async fn user_with_profile(db: &TestDb, title: &str) -> Uuid {
    let mut conn = db.connect().await;
    let user = users::create(
        &mut conn,
        &NewUser::new(format!("{}@cache.example", Uuid::now_v7()), "Cached"),
    )
    .await
    .unwrap();
    set_title(&mut conn, user.id, title).await;
    user.id
}

async fn set_title(conn: &mut sqlx::PgConnection, user_id: Uuid, title: &str) {
    let profile = Profile {
        job_title: Some(title.to_owned()),
        ..Profile::default()
    };
    users::save_profile(conn, user_id, &profile).await.unwrap();
}

/// Changes the title in a transaction, invalidating after the commit.
async fn update_title(cache: &Cache, conn: &mut sqlx::PgConnection, user_id: Uuid, title: &str) {
    let mut tx = conn.begin().await.unwrap();
    set_title(&mut tx, user_id, title).await;
    cache
        .commit(tx, &[entities::key(Kind::UserProfile, user_id)])
        .await
        .unwrap();
}

async fn title(cache: &Cache, conn: &mut sqlx::PgConnection, user_id: Uuid) -> Option<String> {
    entities::user_profile(cache, conn, user_id)
        .await
        .unwrap()
        .and_then(|p| p.job_title)
}

#[tokio::test]
async fn reads_through_and_sees_a_committed_update() {
    let db = TestDb::migrated().await;
    let (_redis, cache) = private_cache().await;
    let mut conn = db.connect().await;
    let user = user_with_profile(&db, "Engineer").await;

    assert_eq!(title(&cache, &mut conn, user).await.as_deref(), Some("Engineer"));
    assert_eq!(title(&cache, &mut conn, user).await.as_deref(), Some("Engineer"));
    let metrics = cache.metrics();
    assert_eq!((metrics.misses, metrics.hits), (1, 1));
    assert_eq!(metrics.db_reads.count, 1, "the hit did not read the database");
    assert_eq!(metrics.db_reads.buckets.iter().map(|(_, n)| n).sum::<u64>(), 1);

    // A change made behind the cache's back is not seen (that is caching)...
    set_title(&mut conn, user, "Behind the back").await;
    assert_eq!(title(&cache, &mut conn, user).await.as_deref(), Some("Engineer"));
    // ...a change that invalidates after its commit is.
    update_title(&cache, &mut conn, user, "Staff engineer").await;
    assert_eq!(
        title(&cache, &mut conn, user).await.as_deref(),
        Some("Staff engineer")
    );
}

#[tokio::test]
async fn warmed_entries_are_read_as_hits_with_the_database_values() {
    let db = TestDb::migrated().await;
    let server = RedisServer::start();
    let cache = cache_at(&[server.url()], false).await;
    let mut conn = db.connect().await;
    let user = user_with_profile(&db, "Warm engineer").await;
    let report = platformctl::cache::warm::warm(&cache, db.target(), &[], &|_| {})
        .await
        .unwrap();
    assert!(report.keys >= 2, "the profile and the feed");
    let profile = entities::user_profile(&cache, &mut conn, user)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(profile, users::profile(&mut conn, user).await.unwrap());
    assert!(
        entities::activity_feed(&cache, &mut conn, user)
            .await
            .unwrap()
            .is_empty()
    );
    let metrics = cache.metrics();
    assert_eq!(
        (metrics.hits, metrics.misses),
        (2, 0),
        "what warm wrote reads back: {metrics:?}"
    );
}

#[tokio::test]
async fn entries_live_for_their_tier_with_ten_percent_jitter() {
    let db = TestDb::migrated().await;
    let (redis, cache) = private_cache().await;
    let mut conn = db.connect().await;
    let settings = CacheSettings::default();
    let mut profile_ttls = Vec::new();
    for _ in 0..20 {
        let user = user_with_profile(&db, "Engineer").await;
        title(&cache, &mut conn, user).await;
        entities::activity_feed(&cache, &mut conn, user).await.unwrap();
        let profile = pttl(&redis.url(), &entities::key(Kind::UserProfile, user)).await;
        let feed = pttl(&redis.url(), &entities::key(Kind::ActivityFeed, user)).await;
        let day = settings.ttl.user_profile.as_millis() as i64;
        let five = settings.ttl.activity_feed.as_millis() as i64;
        assert!(
            profile > day * 9 / 10 - 1_000 && profile <= day * 11 / 10,
            "profile TTL {profile}"
        );
        assert!(
            feed > five * 9 / 10 - 1_000 && feed <= five * 11 / 10,
            "feed TTL {feed}"
        );
        profile_ttls.push(profile / 60_000);
    }
    profile_ttls.sort();
    profile_ttls.dedup();
    assert!(
        profile_ttls.len() > 5,
        "TTLs are spread, not equal: {profile_ttls:?}"
    );
}

#[tokio::test]
async fn a_missing_row_is_cached_briefly_and_a_create_clears_it() {
    let db = TestDb::migrated().await;
    let (redis, cache) = private_cache().await;
    let mut conn = db.connect().await;
    let missing = Uuid::now_v7();
    assert!(
        entities::artifact(&cache, &mut conn, missing)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        entities::artifact(&cache, &mut conn, missing)
            .await
            .unwrap()
            .is_none()
    );
    let metrics = cache.metrics();
    assert_eq!((metrics.misses, metrics.negative_hits), (1, 1));
    let key = entities::key(Kind::Artifact, missing);
    assert_eq!(raw_get(&redis.url(), &key).await.as_deref(), Some(&b"n"[..]));
    let ttl = pttl(&redis.url(), &key).await;
    assert!(ttl > 0 && ttl <= 33_000, "negative TTL {ttl} (30 s ±10%)");
    cache.invalidate(std::slice::from_ref(&key)).await;
    assert_eq!(raw_get(&redis.url(), &key).await, None);
}

#[tokio::test]
async fn with_admission_on_the_second_miss_a_key_read_once_is_not_cached() {
    let redis = RedisServer::start();
    let endpoint = Endpoint {
        urls: vec![redis.url()],
        response_timeout: Duration::from_millis(500),
        connect_timeout: Duration::from_secs(2),
        ca_file: None,
    };
    let settings = CacheSettings {
        admit_on_second_miss: true,
        ..CacheSettings::default()
    };
    let cache = Cache::with_endpoint(endpoint, false, settings).await.unwrap();
    let id = Uuid::now_v7().to_string();
    let key = Kind::Repository.key(&id);
    let read = || cache.get_or_load(Kind::Repository, &id, || async { Ok(Some(7u8)) });
    assert_eq!(read().await.unwrap(), Some(7));
    assert_eq!(
        raw_get(&redis.url(), &key).await,
        None,
        "the first miss is not admitted"
    );
    assert_eq!(read().await.unwrap(), Some(7));
    assert!(raw_get(&redis.url(), &key).await.is_some(), "the second miss is");
    assert_eq!(read().await.unwrap(), Some(7));
    let metrics = cache.metrics();
    assert_eq!((metrics.misses, metrics.hits), (2, 1));
}

#[tokio::test]
async fn concurrent_misses_on_one_key_read_the_database_once() {
    let (_redis, cache) = private_cache().await;
    let cache = Arc::new(cache);
    let loads = Arc::new(AtomicUsize::new(0));
    let id = Uuid::now_v7().to_string();
    let mut readers = Vec::new();
    for _ in 0..20 {
        let (cache, loads, id) = (cache.clone(), loads.clone(), id.clone());
        readers.push(tokio::spawn(async move {
            cache
                .get_or_load(Kind::Repository, &id, || async {
                    loads.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    Ok(Some(42u32))
                })
                .await
                .unwrap()
        }));
    }
    for reader in readers {
        assert_eq!(reader.await.unwrap(), Some(42));
    }
    assert_eq!(
        loads.load(Ordering::SeqCst),
        1,
        "one database read for 20 concurrent misses"
    );
    assert_eq!(cache.metrics().coalesced, 19);
}

/// The stale-set race: a reader reads the old row, a writer commits and
/// invalidates, then the reader sets. With leases, the reader's set is
/// refused and the next read sees the new row.
#[tokio::test]
async fn a_slow_reader_cannot_cache_a_row_older_than_a_committed_write() {
    let db = TestDb::migrated().await;
    let (_redis, cache) = private_cache().await;
    let cache = Arc::new(cache);
    let user = user_with_profile(&db, "Old title").await;
    let key = entities::key(Kind::UserProfile, user);
    let held = key.clone();
    cache.set_after_db_read_hook(Some(Arc::new(move |k: &str| {
        (k == held).then_some(Duration::from_millis(800))
    })));

    let reader = {
        let (cache, db_url) = (cache.clone(), db.url.clone());
        tokio::spawn(async move {
            let mut conn = sqlx::PgConnection::connect(&db_url).await.unwrap();
            title(&cache, &mut conn, user).await
        })
    };
    // The reader has read "Old title" and now waits before its set.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut conn = db.connect().await;
    update_title(&cache, &mut conn, user, "New title").await;
    assert_eq!(
        reader.await.unwrap().as_deref(),
        Some("Old title"),
        "the reader read before the write"
    );

    cache.set_after_db_read_hook(None);
    assert_eq!(cache.metrics().stale_sets_prevented, 1);
    assert_eq!(
        title(&cache, &mut conn, user).await.as_deref(),
        Some("New title"),
        "the old row was not cached after the write's invalidation"
    );
}

#[tokio::test]
async fn a_row_changed_between_warms_read_and_its_write_is_not_left_stale() {
    let db = TestDb::migrated().await;
    let redis = RedisServer::start();
    let cache = Arc::new(cache_at(&[redis.url()], false).await);
    let user = user_with_profile(&db, "Old title").await;
    // Warm reads the page, then waits before writing it.
    cache.set_after_db_read_hook(Some(Arc::new(|k: &str| {
        (k == "warm:user_profile").then_some(Duration::from_millis(800))
    })));
    let warm = {
        let (cache, db) = (cache.clone(), db.target().clone());
        tokio::spawn(async move { warm::warm(&cache, &db, &[Kind::UserProfile], &|_| {}).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut conn = db.connect().await;
    update_title(&cache, &mut conn, user, "New title").await;
    let report = warm.await.unwrap().unwrap();
    cache.set_after_db_read_hook(None);
    assert_eq!(report.kinds[0].keys, 1);
    assert_eq!(
        report.kinds[0].dropped_as_changed, 1,
        "the re-check caught the change"
    );
    assert_eq!(
        title(&cache, &mut conn, user).await.as_deref(),
        Some("New title"),
        "warm's old copy did not outlive the write"
    );
}

#[tokio::test]
async fn redis_down_means_slower_not_broken_and_no_stale_entry_survives_it() {
    let db = TestDb::migrated().await;
    let mut server = RedisServer::start();
    let cache = cache_at(&[server.url()], false).await;
    let mut conn = db.connect().await;
    let user = user_with_profile(&db, "Before the outage").await;
    assert_eq!(
        title(&cache, &mut conn, user).await.as_deref(),
        Some("Before the outage")
    );

    server.stop();
    // Reads fall back to PostgreSQL; writes commit; the invalidation that
    // cannot reach Redis is remembered.
    assert_eq!(
        title(&cache, &mut conn, user).await.as_deref(),
        Some("Before the outage")
    );
    update_title(&cache, &mut conn, user, "During the outage").await;
    assert_eq!(
        title(&cache, &mut conn, user).await.as_deref(),
        Some("During the outage")
    );
    let metrics = cache.metrics();
    assert!(metrics.fallbacks >= 2, "{metrics:?}");
    assert!(
        !metrics.errors.is_empty(),
        "errors are counted by kind: {metrics:?}"
    );

    // Redis comes back with its saved data: the entry from before the outage.
    server.restart();
    let key = entities::key(Kind::UserProfile, user);
    assert!(
        raw_get(&server.url(), &key).await.is_some(),
        "the old entry survived the restart"
    );
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(
        title(&cache, &mut conn, user).await.as_deref(),
        Some("During the outage"),
        "the missed invalidation was replayed before the first read"
    );
    // And caching resumed: the next read is a hit.
    let hits = cache.metrics().hits;
    title(&cache, &mut conn, user).await;
    assert_eq!(cache.metrics().hits, hits + 1);
}

#[tokio::test]
async fn the_cluster_reads_through_and_invalidates_across_slots() {
    let cluster = RedisCluster::start();
    let db = TestDb::migrated().await;
    let settings = platformctl::config::Settings::resolve(
        platformctl::config::Overrides {
            database_url: Some(db.url.clone()),
            redis_url: Some(cluster.seed_url()),
            ..Default::default()
        },
        |_| None,
    )
    .unwrap();
    let cache = Cache::connect(&settings).await.unwrap();
    assert!(
        cache.is_cluster(),
        "one seed URL of a cluster node is detected as a cluster"
    );
    let mut conn = db.connect().await;
    let mut users = Vec::new();
    for i in 0..30 {
        let user = user_with_profile(&db, &format!("Title {i}")).await;
        assert_eq!(title(&cache, &mut conn, user).await, Some(format!("Title {i}")));
        users.push(user);
    }
    let keys = cluster.keys("platform:v1:user_profile:*");
    assert_eq!(keys.len(), 30);
    let per_node: Vec<usize> = cluster
        .nodes
        .iter()
        .map(|n| {
            n.cli(&["--scan", "--pattern", "platform:*"])
                .unwrap_or_default()
                .lines()
                .count()
        })
        .collect();
    assert!(
        per_node.iter().all(|n| *n > 0),
        "keys spread over the masters: {per_node:?}"
    );
    for (i, user) in users.iter().enumerate() {
        update_title(&cache, &mut conn, *user, &format!("New {i}")).await;
        assert_eq!(title(&cache, &mut conn, *user).await, Some(format!("New {i}")));
    }
    assert_eq!(cache.metrics().hits, 0, "every read after an invalidation missed");
}

#[tokio::test]
async fn published_counters_add_up_across_processes_in_cache_stats() {
    let db = TestDb::migrated().await;
    let server = RedisServer::start();
    let first = cache_at(&[server.url()], false).await;
    let second = cache_at(&[server.url()], false).await;
    let mut conn = db.connect().await;
    let user = user_with_profile(&db, "Counted").await;
    title(&first, &mut conn, user).await;
    title(&first, &mut conn, user).await;
    title(&second, &mut conn, user).await;
    first.publish_metrics().await.unwrap();
    second.publish_metrics().await.unwrap();
    first.publish_metrics().await.unwrap(); // nothing new: adds nothing
    let stats = platformctl::cache::admin::stats(&first).await.unwrap();
    let get = |name: &str| {
        stats
            .counters
            .iter()
            .find(|(k, _)| k == name)
            .map_or(0, |(_, v)| *v)
    };
    assert_eq!((get("misses"), get("hits")), (1, 2), "{:?}", stats.counters);
    let db_reads: i64 = stats
        .counters
        .iter()
        .filter(|(k, _)| k.starts_with("db_reads_"))
        .map(|(_, v)| v)
        .sum();
    assert_eq!(db_reads, 1, "one database read in the histogram");
    assert_eq!(stats.hit_ratio, Some(2.0 / 3.0));
    assert_eq!(stats.nodes.len(), 1);
    assert!(stats.nodes[0].our_keys >= 2, "the profile and the counters");
}

#[tokio::test]
async fn the_warms_version_hash_is_the_servers_uuid_hash_extended() {
    let db = TestDb::new().await;
    let mut conn = db.connect().await;
    // Edge seeds (zero skips a step), edge uuids, and random pairs.
    let pairs: Vec<(Uuid, i64, i64)> = sqlx::query_as(
        "SELECT id, seed, uuid_hash_extended(id, seed) FROM (
             SELECT id, seed
             FROM unnest(ARRAY['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
                               gen_random_uuid()::text]::uuid[]) id,
                  unnest(ARRAY[0, 1, -1, 9223372036854775807, -9223372036854775808]::bigint[]) seed
             UNION ALL
             SELECT gen_random_uuid(), (random() * 9e18)::bigint - 4500000000000000000 FROM generate_series(1, 2000)
         ) pairs",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(pairs.len(), 2015);
    for (id, seed, server) in pairs {
        assert_eq!(
            platformctl::cache::pg_hash::uuid_hash_extended(id.as_bytes(), seed),
            server,
            "uuid_hash_extended('{id}', {seed})"
        );
    }
}

#!/usr/bin/env bash
# A real OpenSearch node on this machine, assembled from the official artifacts on Maven Central.
#
#   scripts/opensearch.sh start     lay out the node (first time only), start it, wait for green,
#                                   print its URL (a node already running is reused)
#   scripts/opensearch.sh stop      stop the node this script started (SIGTERM, then SIGKILL)
#   scripts/opensearch.sh status    print the URL and exit 0 when it answers, else exit 1
#   scripts/opensearch.sh url       print the URL of the running node
#   scripts/opensearch.sh install   only resolve and lay out (CI warms the cache with this)
#
# Why Maven: this machine reaches Maven Central and no other download site, and OpenSearch
# publishes there what a node is made of: the server (org.opensearch:opensearch and its
# dependencies), the modules as jars (org.opensearch.plugin:transport-netty4-client,
# analysis-common, lang-painless, reindex-client) and the analysis-smartcn plugin as a jar.
# The distribution's own layout is rebuilt around them: lib/ for the server, modules/<name>/ and
# plugins/<name>/ each with its jars, a plugin-descriptor.properties and, where the module needs
# extra permissions, its plugin-security.policy (OpenSearch 2.x runs under the Java security
# manager). Nothing is compiled or written by hand except those descriptors and the config.
#
# What Maven Central does not serve (checked 2026-12-07, recorded in var/opensearch/MANIFEST):
#   - the plugin ZIPs (org.opensearch.plugin:analysis-smartcn:<v>:zip, analysis-icu:<v>:zip):
#     not served for any version. The nearest official alternative for smartcn is the plugin's
#     own jar (org.opensearch.plugin:analysis-smartcn, published for 1.0.0, 1.3.14, 2.11–2.16 and
#     3.8 only) plus Lucene's org.apache.lucene:lucene-analysis-smartcn, which is exactly what
#     the ZIP holds. A plugin loads only into the node version it names, so the node is 2.16.0,
#     the newest 2.x with the smartcn jar (2.17–2.19 have none; 3.x needs Java 21).
#   - org.opensearch.plugin:analysis-icu: no version at all. It is left out and the MANIFEST says
#     so; the index mapping does not use it (width folding is analysis-common's cjk_width).
#
# Environment: OPENSEARCH_VAR (state folder: config, data, logs, pid; default
# <repo>/var/opensearch), OPENSEARCH_HOME (the laid-out node, default
# <repo>/var/opensearch/opensearch-<version>), OPENSEARCH_HEAP
# (default 512m), OPENSEARCH_PORT (default: a free port), JAVA (default: $JAVA_HOME/bin/java or
# java on PATH; Java 17 to 21 — a Java 24+ found there is replaced by Debian's 17), MAVEN (default mvn), M2_REPO (Maven cache, default ~/.m2/repository),
# OPENSEARCH_WAIT (seconds to wait for green, default 180).
set -euo pipefail

VERSION=2.16.0
LUCENE=9.11.1
LOG4J=2.21.0

REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"
VAR="${OPENSEARCH_VAR:-$REPO_DIR/var/opensearch}"
# The laid-out node (read-only once made) can be shared by several state folders.
HOME_DIR="${OPENSEARCH_HOME:-$REPO_DIR/var/opensearch/opensearch-$VERSION}"
RUN_DIR="$VAR/run"
PIDFILE="$RUN_DIR/opensearch.pid"
URLFILE="$RUN_DIR/url"
HEAP="${OPENSEARCH_HEAP:-512m}"
WAIT="${OPENSEARCH_WAIT:-180}"
MAVEN="${MAVEN:-mvn}"
# As root the node runs as OPENSEARCH_USER (see start_node), who must be able to enter the
# folders: a checkout under a private folder (mode 700) moves the node's folders to /var/tmp.
if [ "$(id -u)" -eq 0 ] && [ -z "${OPENSEARCH_VAR:-}${OPENSEARCH_HOME:-}" ] &&
  ! setpriv --reuid="${OPENSEARCH_USER:-nobody}" --regid="$(id -g "${OPENSEARCH_USER:-nobody}")" \
    --clear-groups test -x "$REPO_DIR"; then
  VAR="/var/tmp/gxnb-opensearch-$(printf %s "$REPO_DIR" | md5sum | cut -c1-8)"
  HOME_DIR="$VAR/opensearch-$VERSION"
  RUN_DIR="$VAR/run"
  PIDFILE="$RUN_DIR/opensearch.pid"
  URLFILE="$RUN_DIR/url"
fi
if [ -n "${JAVA:-}" ]; then :; elif [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
# OpenSearch 2.x installs the Java security manager, which Java 24 removed: a JAVA_HOME pointing at
# the Temurin 25 JDK beside Debian's 17 would fail at start-up. Fall back to Java 17.
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
if major="$(java_major "$JAVA")" && [ -n "$major" ] && [ "$major" -ge 24 ]; then
  for candidate in /usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/java-21-openjdk-amd64/bin/java; do
    if [ -x "$candidate" ]; then JAVA="$candidate"; break; fi
  done
fi

say() { printf 'opensearch: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# ---- resolving -----------------------------------------------------------------------------------

# resolve GROUP ARTIFACT VERSION DEST: the artifact and its runtime dependencies, copied to DEST.
resolve() {
  local group="$1" artifact="$2" version="$3" dest="$4" work
  work="$(mktemp -d)"
  cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.gxnb</groupId><artifactId>resolve-$artifact</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>$group</groupId><artifactId>$artifact</artifactId><version>$version</version></dependency>
  </dependencies>
</project>
EOF
  local args=(-B -q -f "$work/pom.xml" dependency:copy-dependencies -DincludeScope=runtime
    "-DoutputDirectory=$dest")
  [ -n "${M2_REPO:-}" ] && args+=("-Dmaven.repo.local=$M2_REPO")
  if ! "$MAVEN" "${args[@]}" >"$work/mvn.log" 2>&1; then
    cat "$work/mvn.log" >&2
    rm -rf "$work"
    die "Maven Central did not give $group:$artifact:$version"
  fi
  rm -rf "$work"
}

# The artifact name of a jar file (its name without -<version>.jar).
jar_name() { local f="${1##*/}"; f="${f%.jar}"; echo "${f%-[0-9]*}"; }

# Keep in DIR only the jars the server's lib/ does not already have: the node refuses to start
# when a class is on both class paths ("jar hell").
drop_core_jars() {
  local dir="$1" f
  declare -A core=()
  for f in "$HOME_DIR"/lib/*.jar; do core["$(jar_name "$f")"]=1; done
  for f in "$dir"/*.jar; do
    if [ -n "${core[$(jar_name "$f")]:-}" ]; then rm -f "$f"; fi
  done
}

# descriptor DIR NAME CLASSNAME DESCRIPTION [EXTENDED]: the file the distribution's build writes.
descriptor() {
  cat >"$1/plugin-descriptor.properties" <<EOF
description=$4
version=$VERSION
name=$2
classname=$3
java.version=11
opensearch.version=$VERSION
extended.plugins=${5:-}
EOF
}

install_node() {
  if [ -f "$HOME_DIR/.complete" ]; then return 0; fi
  command -v "$MAVEN" >/dev/null || die "Maven ($MAVEN) is needed to fetch OpenSearch"
  "$JAVA" -version >/dev/null 2>&1 || die "Java ($JAVA) is needed to run OpenSearch"
  say "laying out OpenSearch $VERSION in $HOME_DIR (Maven cache: ${M2_REPO:-~/.m2/repository})"
  local started=$SECONDS
  rm -rf "$HOME_DIR.part"
  local old_home="$HOME_DIR"
  HOME_DIR="$HOME_DIR.part"
  # bin/ stays empty (the node is started with java directly) but the security setup wants it.
  mkdir -p "$HOME_DIR"/{bin,lib,modules,plugins}

  # The server and its dependencies; log4j-core is optional in its POM but the node logs with it,
  # and the plugin class loader is a jar of its own in the distribution's lib/.
  resolve org.opensearch opensearch "$VERSION" "$HOME_DIR/lib"
  resolve org.opensearch opensearch-plugin-classloader "$VERSION" "$HOME_DIR/lib"
  resolve org.apache.logging.log4j log4j-core "$LOG4J" "$HOME_DIR/lib"

  local m="$HOME_DIR/modules"
  mkdir -p "$m"/{transport-netty4,lang-painless,analysis-common,reindex}
  resolve org.opensearch.plugin transport-netty4-client "$VERSION" "$m/transport-netty4"
  descriptor "$m/transport-netty4" transport-netty4 org.opensearch.transport.Netty4Plugin \
    "Netty 4 based transport implementation"
  # The module's own policy (modules/transport-netty4/src/main/plugin-metadata).
  cat >"$m/transport-netty4/plugin-security.policy" <<'EOF'
grant codeBase "${codebase.netty-common}" {
  // for reading the system-wide configuration for the backlog of established sockets
  permission java.io.FilePermission "/proc/sys/net/core/somaxconn", "read";
  // netty makes and accepts socket connections
  permission java.net.SocketPermission "*", "accept,connect";
  // Netty sets custom classloader for some of its internal threads
  permission java.lang.RuntimePermission "*", "setContextClassLoader";
};
grant codeBase "${codebase.netty-transport}" {
  // Netty NioEventLoop wants to change this, because of https://bugs.openjdk.java.net/browse/JDK-6427854
  // the bug says it only happened rarely, and that its fixed, but apparently it still happens rarely!
  permission java.util.PropertyPermission "sun.nio.ch.bugLevel", "write";
};
EOF

  # Painless: analysis-common extends it (its predicate filters take scripts).
  resolve org.opensearch.plugin lang-painless "$VERSION" "$m/lang-painless"
  descriptor "$m/lang-painless" lang-painless org.opensearch.painless.PainlessPlugin \
    "An easy, safe and fast scripting language for OpenSearch"
  cat >"$m/lang-painless/plugin-security.policy" <<'EOF'
grant {
  // needed to generate runtime classes
  permission java.lang.RuntimePermission "createClassLoader";
  // needed to find the classloader to load whitelisted classes from
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF

  # cjk_width, cjk_bigram and the other built-in analysis components the mapping uses.
  resolve org.opensearch.plugin analysis-common "$VERSION" "$m/analysis-common"
  descriptor "$m/analysis-common" analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin \
    'Adds "built in" analyzers to OpenSearch.' lang-painless

  # _delete_by_query (the backend's clear()) lives in the reindex module.
  resolve org.opensearch.plugin reindex-client "$VERSION" "$m/reindex"
  descriptor "$m/reindex" reindex org.opensearch.index.reindex.ReindexPlugin \
    "The Reindex module adds APIs to reindex from one index to another or update documents in place."
  cat >"$m/reindex/plugin-security.policy" <<'EOF'
grant {
  // reindex from remote opens connections (not used here; the module's own policy)
  permission java.net.SocketPermission "*", "connect";
};
EOF

  # analysis-smartcn: the official plugin jar and Lucene's smartcn (what the plugin ZIP holds).
  local p="$HOME_DIR/plugins"
  mkdir -p "$p/analysis-smartcn"
  resolve org.opensearch.plugin analysis-smartcn "$VERSION" "$p/analysis-smartcn"
  descriptor "$p/analysis-smartcn" analysis-smartcn \
    org.opensearch.plugin.analysis.smartcn.AnalysisSmartChinesePlugin \
    "Smart Chinese Analysis plugin integrates Lucene Smart Chinese analysis module into opensearch."

  local dir
  for dir in "$m"/* "$p"/*; do drop_core_jars "$dir"; done

  cat >"$HOME_DIR/log4j2.properties" <<'EOF'
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
logger.deprecation.name = org.opensearch.deprecation
logger.deprecation.level = error
EOF
  cat >"$HOME_DIR/MANIFEST" <<EOF
OpenSearch $VERSION assembled by scripts/opensearch.sh from Maven Central on $(date -u +%FT%TZ)
server:   org.opensearch:opensearch:$VERSION (+ runtime dependencies), opensearch-plugin-classloader, log4j-core $LOG4J
modules:  transport-netty4, lang-painless, analysis-common, reindex (org.opensearch.plugin:*:$VERSION jars)
plugins:  analysis-smartcn (org.opensearch.plugin:analysis-smartcn:$VERSION jar + org.apache.lucene:lucene-analysis-smartcn:$LUCENE)
missing:  org.opensearch.plugin:analysis-smartcn:zip and analysis-icu:zip (no plugin ZIPs on Maven Central);
          org.opensearch.plugin:analysis-icu (no version at all): the node runs without analysis-icu
EOF
  mv "$HOME_DIR" "$old_home"
  HOME_DIR="$old_home"
  touch "$HOME_DIR/.complete"
  say "laid out in $((SECONDS - started)) s"
}

# ---- running -------------------------------------------------------------------------------------

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

answers() { curl -fsS -m 5 "$1/_cluster/health?wait_for_status=green&timeout=2s" >/dev/null 2>&1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_node() {
  install_node
  if running_pid >/dev/null && [ -f "$URLFILE" ] && answers "$(cat "$URLFILE")"; then
    cat "$URLFILE"
    return 0
  fi
  if pid="$(running_pid)"; then stop_node; fi
  mkdir -p "$RUN_DIR" "$VAR/config" "$VAR/data" "$VAR/logs" "$VAR/tmp"
  cp "$HOME_DIR/log4j2.properties" "$VAR/config/"
  local port="${OPENSEARCH_PORT:-$(free_port)}" tport
  tport="$(free_port)"
  cat >"$VAR/config/opensearch.yml" <<EOF
cluster.name: gxnb-local
node.name: gxnb-local-1
path.data: $VAR/data
path.logs: $VAR/logs
network.host: 127.0.0.1
http.port: $port
transport.port: $tport
discovery.type: single-node
# A shared development disk must not turn the indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  local log="$VAR/logs/node.log"
  # OpenSearch refuses to run as root (CI and these machines are root): run it as an
  # unprivileged user that owns only the node's writable folders.
  local as_user=()
  if [ "$(id -u)" -eq 0 ]; then
    local user="${OPENSEARCH_USER:-nobody}" group
    group="$(id -gn "$user")"
    chown -R "$user:$group" "$VAR/config" "$VAR/data" "$VAR/logs" "$VAR/tmp"
    as_user=(setpriv --reuid="$user" --regid="$group" --clear-groups)
    "${as_user[@]}" test -r "$HOME_DIR/lib/opensearch-$VERSION.jar" ||
      die "user $user cannot read $HOME_DIR: set OPENSEARCH_VAR to a folder it can read"
  fi
  # The distribution's jvm.options for this JDK, with a small heap; no launcher script needed.
  setsid "${as_user[@]}" "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:G1ReservePercent=25 \
    -XX:InitiatingHeapOccupancyPercent=30 -Xss1m -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
    -Djna.nosys=true -XX:-OmitStackTraceInFastThrow -Dio.netty.noUnsafe=true \
    -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
    -Dio.netty.allocator.numDirectArenas=0 -Dlog4j.shutdownHookEnabled=false \
    -Dlog4j2.disable.jmx=true -Djava.locale.providers=SPI,COMPAT -XX:+ExitOnOutOfMemoryError \
    -Djava.io.tmpdir="$VAR/tmp" -XX:ActiveProcessorCount="$(nproc)" \
    -Dopensearch.path.home="$HOME_DIR" -Dopensearch.path.conf="$VAR/config" \
    -Dopensearch.distribution.type=tar -Dopensearch.bundled_jdk=false \
    -cp "$HOME_DIR/lib/*" org.opensearch.bootstrap.OpenSearch \
    </dev/null >"$log" 2>&1 9>&- &
  local pid=$!
  echo "$pid" >"$PIDFILE"
  local url="http://127.0.0.1:$port"
  local deadline=$((SECONDS + WAIT))
  until answers "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$log" >&2
      rm -f "$PIDFILE"
      die "the node exited while starting (log: $log)"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 40 "$log" >&2
      stop_node
      die "no green cluster after $WAIT s (log: $log)"
    fi
    sleep 1
  done
  # One node holds no replica: without this every new index stays yellow (and a restart would
  # wait for green in vain). A persistent cluster setting: the data folder keeps it.
  curl -fsS -m 10 -X PUT -H 'Content-Type: application/json' "$url/_cluster/settings" \
    -d '{"persistent": {"cluster.default_number_of_replicas": 0}}' >/dev/null
  echo "$url" >"$URLFILE"
  say "green at $url (pid $pid, heap $HEAP, log $log)"
  echo "$url"
}

stop_node() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE" "$URLFILE"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid did not stop in 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE" "$URLFILE"
  say "stopped (pid $pid)"
}

# One command at a time per state folder: two test workers asking for the node at once get
# one node, and a layout is never read half-written.
mkdir -p "$VAR" "$(dirname "$HOME_DIR")"
exec 9>"$VAR/.lock"
flock 9

case "${1:-start}" in
  start) start_node ;;
  stop) stop_node ;;
  install) install_node ;;
  url) [ -f "$URLFILE" ] && running_pid >/dev/null && cat "$URLFILE" || die "not running" ;;
  status)
    if running_pid >/dev/null && [ -f "$URLFILE" ] && answers "$(cat "$URLFILE")"; then
      cat "$URLFILE"
    else
      say "not running"
      exit 1
    fi
    ;;
  *) die "usage: $0 start|stop|status|url|install" ;;
esac

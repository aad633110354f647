#!/usr/bin/env bash
# Fetches org.apache.cassandra:cassandra-all and its runtime jars from Maven Central into the cache
# (test-environment.md §10.2): no registry ships a runnable Cassandra, but Maven Central ships its jars.
# Idempotent: a stamp keyed on version + this file's hash skips the fetch; flock keeps concurrent runs apart.
set -euo pipefail
CASSANDRA_VERSION="${CASSANDRA_VERSION:-5.0.6}"
CACHE_ROOT="${EXHAUST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/exhaust-operator}"
DIR="$CACHE_ROOT/cassandra/$CASSANDRA_VERSION"
JAVA_HOME="${CASSANDRA_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
export JAVA_HOME

command -v mvn >/dev/null || { echo "cassandra.sh: mvn is missing; install it with: apt-get install -y maven (or bash test/env/setup/apt.sh)" >&2; exit 1; }
[[ -x "$JAVA_HOME/bin/java" ]] || { echo "cassandra.sh: JDK 17 not found at $JAVA_HOME; install it with: apt-get install -y openjdk-17-jdk-headless (or bash test/env/setup/apt.sh)" >&2; exit 1; }
"$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "17' || { echo "cassandra.sh: $JAVA_HOME is not JDK 17; install openjdk-17-jdk-headless" >&2; exit 1; }

mkdir -p "$DIR"
exec 9>"$DIR/.lock"; flock 9

stamp="$CASSANDRA_VERSION $(sha256sum "$0" | cut -c1-16)"
if [[ -f "$DIR/lib/.stamp" && "$(cat "$DIR/lib/.stamp")" == "$stamp" ]]; then echo "$DIR"; exit 0; fi

rm -rf "$DIR/lib"
cat > "$DIR/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>exhaust.local</groupId>
  <artifactId>cassandra-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.cassandra</groupId>
      <artifactId>cassandra-all</artifactId>
      <version>$CASSANDRA_VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
echo "cassandra.sh: fetching cassandra-all $CASSANDRA_VERSION and its runtime jars from Maven Central" >&2
(cd "$DIR" && mvn -B -q -Dstyle.color=never -f pom.xml \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime) \
  >"$DIR/mvn.log" 2>&1 || { cat "$DIR/mvn.log" >&2; echo "cassandra.sh: mvn failed (log above)" >&2; exit 1; }
ls "$DIR"/lib/cassandra-all-"$CASSANDRA_VERSION".jar >/dev/null
ls "$DIR"/lib/jamm-*.jar >/dev/null
echo "$stamp" > "$DIR/lib/.stamp"
echo "$DIR"

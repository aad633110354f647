/** The files and the JVM command line of a single-node test Cassandra (test-environment.md §10.3, §10.4). */

export interface CassandraLayout {
  /** The cached jar directory, cassandraDir()/lib. */
  libDir: string;
  /** File name of the jamm agent jar inside libDir (its version follows cassandra-all). */
  jammJar: string;
  yamlFile: string;
  logbackFile: string;
  storageDir: string;
  nativePort: number;
  storagePort: number;
}

// Only keys valid in 5.0: the loader rejects unknown ones. initial_token 0 with one token skips token allocation.
export function cassandraYaml(storagePort: number): string {
  return `cluster_name: exhaust-test
num_tokens: 1
initial_token: 0
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
commitlog_sync: periodic
commitlog_sync_period: 10s
commitlog_segment_size: 5MiB
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:${storagePort}"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
start_native_transport: true
auto_snapshot: false
incremental_backups: false
memtable_allocation_type: heap_buffers
disk_access_mode: standard
`;
}

// Without an explicit file logback logs at DEBUG: noisy and slower. The transport logger at INFO keeps the
// "Starting listening for CQL clients" milestone in the log for diagnosis.
export const cassandraLogback = (): string => `<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} %msg%n</pattern></encoder>
  </appender>
  <logger name="org.apache.cassandra.transport" level="INFO"/>
  <root level="WARN"><appender-ref ref="STDOUT"/></root>
</configuration>
`;

// Cassandra 5.0's own jvm17-server.options: without them JDK 17 refuses the reflective access at startup.
const EXPORTS = [
  "java.base/jdk.internal.misc",
  "java.base/java.lang.ref",
  "java.management.rmi/com.sun.jmx.remote.internal.rmi",
  "java.management/com.sun.jmx.remote.security",
  "java.rmi/sun.rmi.registry",
  "java.rmi/sun.rmi.server",
  "java.sql/java.sql",
  "jdk.unsupported/sun.misc",
  "jdk.compiler/com.sun.tools.javac.file",
  "jdk.attach/sun.tools.attach",
];
const OPENS = [
  ...["java.lang", "java.lang.module", "java.lang.reflect", "java.io", "java.nio", "java.util", "sun.nio.ch"].map((p) => `java.base/${p}`),
  ...["loader", "ref", "reflect", "math", "module", "util.jar"].map((p) => `java.base/jdk.internal.${p}`),
  "jdk.management/com.sun.management.internal",
  "jdk.compiler/com.sun.tools.javac",
];

export function cassandraJvmArgs(l: CassandraLayout): string[] {
  return [
    "-Xms512m",
    "-Xmx1g",
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.net.preferIPv4Stack=true",
    `-javaagent:${l.libDir}/${l.jammJar}`,
    "-Djdk.attach.allowAttachSelf=true",
    "-Dio.netty.tryReflectionSetAccessible=true",
    ...EXPORTS.flatMap((m) => ["--add-exports", `${m}=ALL-UNNAMED`]),
    ...OPENS.flatMap((m) => ["--add-opens", `${m}=ALL-UNNAMED`]),
    `-Dcassandra.config=file://${l.yamlFile}`,
    `-Dcassandra.storagedir=${l.storageDir}`,
    "-Dcassandra-foreground=yes",
    `-Dlogback.configurationFile=${l.logbackFile}`,
    "-Dcassandra.skip_wait_for_gossip_to_settle=0",
    "-Dcassandra.unsafesystem=true",
    `-Dcassandra.native_transport_port=${l.nativePort}`,
    `-Dcassandra.storage_port=${l.storagePort}`,
    "-cp",
    `${l.libDir}/*`,
    "org.apache.cassandra.service.CassandraDaemon",
  ];
}

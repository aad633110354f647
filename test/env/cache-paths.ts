import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** The project checkout: images.json, the runner and the operator are found from here. */
export const repoRoot = resolve(import.meta.dirname, "../..");

// Must agree with test/env/setup/*.sh, which build and fetch into the same places.
export const K8S_VERSION = process.env.K8S_VERSION ?? "1.34.4";
export const CASSANDRA_VERSION = process.env.CASSANDRA_VERSION ?? "5.0.6";
export const MOTO_VERSION = "5.2.5";

export const cacheRoot = (): string =>
  process.env.EXHAUST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "exhaust-operator");

export const k8sBinDir = (): string => join(cacheRoot(), "k8s", K8S_VERSION, "bin");
export const cassandraDir = (): string => join(cacheRoot(), "cassandra", CASSANDRA_VERSION);
export const motoVenv = (): string => join(cacheRoot(), "moto", MOTO_VERSION);
export const FAKE_GCS_VERSION = "1.56.1";
export const fakeGcsServer = (): string => join(cacheRoot(), "fake-gcs-server", FAKE_GCS_VERSION, "bin", "fake-gcs-server");

// test/env/setup/helm.sh and image.sh.
export const HELM_VERSION = "4.3.1";
export const helmBinary = (): string => join(cacheRoot(), "helm", HELM_VERSION, "bin", "helm");
/** The image image.sh builds from the Dockerfile. */
export const IMAGE = "exhaust-operator:dev";

import { inject } from "vitest";

/** Where the running stack's components listen; written by the stack, read by tests, the demo and benchmarks. */
export interface Endpoints {
  runDir: string;
  k8s: {
    server: string; // https://127.0.0.1:<port>
    caFile: string;
    adminToken: string;
    operatorToken: string; // user system:serviceaccount:exhaust-system:exhaust-operator
    adminKubeconfig: string;
    operatorKubeconfig: string;
    kubectl: string; // the project's own kubectl build
  };
  standIn: { nodeName: string; podsDir: string };
  cassandra: { contactPoint: string; localDataCenter: string }; // 127.0.0.1:<port>, datacenter1
  redis: { host: string; port: number };
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Sunbird's job_request store: database `analytics`, password auth over TCP, socket in socketDir. */
  postgres: { host: string; port: number; user: string; password: string; database: string; socketDir: string };
  azure: { endpoint: string; accountName: string; accountKey: string }; // Azurite, http://127.0.0.1:<port>/<account>
  gcs: { endpoint: string }; // fake-gcs-server, http://127.0.0.1:<port>
}

declare module "vitest" {
  export interface ProvidedContext {
    endpoints: Endpoints;
  }
}

/** In an integration test file: the endpoints the global setup provided. */
export const endpoints = (): Endpoints => inject("endpoints");

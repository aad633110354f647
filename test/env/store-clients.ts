import { S3Client } from "@aws-sdk/client-s3";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { Storage } from "@google-cloud/storage";
import { Client, type ClientOptions } from "cassandra-driver";
import { Redis } from "ioredis";
import pg from "pg";
import type { Endpoints } from "./endpoints.ts";

// Clients of the test stores for tests, fixtures and benchmarks; each caller adds only the options it needs.

export const cassandraClient = (c: Endpoints["cassandra"], options: Omit<ClientOptions, "contactPoints" | "localDataCenter"> = {}): Client =>
  new Client({ contactPoints: [c.contactPoint], localDataCenter: c.localDataCenter, ...options });

export const redisClient = (r: Endpoints["redis"], db?: number): Redis => new Redis({ host: r.host, port: r.port, ...(db === undefined ? {} : { db }) });

export const s3Client = (s: Endpoints["s3"]): S3Client =>
  new S3Client({ endpoint: s.endpoint, region: s.region, forcePathStyle: true, credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } });

export const postgresClient = (p: Endpoints["postgres"]): pg.Client =>
  new pg.Client({ host: p.host, port: p.port, user: p.user, password: p.password, database: p.database });

export const azureCredential = (a: Endpoints["azure"]): StorageSharedKeyCredential => new StorageSharedKeyCredential(a.accountName, a.accountKey);

export const azureService = (a: Endpoints["azure"]): BlobServiceClient => new BlobServiceClient(a.endpoint, azureCredential(a));

/** The emulator checks no credentials; `credentials` (a service-account key) is only for signing URLs. */
export const gcsStorage = (g: Endpoints["gcs"], credentials?: { client_email: string; private_key: string }): Storage =>
  new Storage({ apiEndpoint: g.endpoint, projectId: "exhaust-test", ...(credentials === undefined ? {} : { credentials }) });

export const postgresPool = (p: Endpoints["postgres"]): pg.Pool =>
  new pg.Pool({ host: p.host, port: p.port, user: p.user, password: p.password, database: p.database, max: 4 });

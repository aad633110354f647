import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { Bucket } from "@google-cloud/storage";
import type { StorageProvider } from "../../../crds/exhaust-request.ts";
import { azureSignedUrl, gcsSignedUrl, s3SignedUrl, type SignedUrlTerms } from "../../../operator/storage/signed-url.ts";
import { endpoints, type Endpoints } from "../../env/endpoints.ts";
import { azureCredential, azureService, gcsStorage } from "../../env/store-clients.ts";
import { throwAwayServiceAccountKey } from "../../env/stores/gcs.ts";
import { rand, type Stores } from "./harness.ts";

/** One provider's bucket (container) for a test file: the runner env that writes there and the test's view of it. */
export interface ProviderStore {
  provider: StorageProvider;
  /** Runner env that selects this provider and its bucket; `endpoint` overrides the server's URL (a proxy). */
  env(endpoint?: string): Record<string, string>;
  /** The stored bytes of the object a manifest's objectUri names. */
  read(uri: string): Promise<Buffer>;
  /** Keys of visible (committed) objects. */
  objects(): Promise<string[]>;
  /** Unfinished uploads the server shows: S3 multipart uploads, Azure blobs with only uncommitted blocks; GCS shows none. */
  unfinished(): Promise<string[]>;
  signedUrl(key: string, terms: SignedUrlTerms): Promise<string>;
  close(): Promise<void>;
}

const keyAfter = (uri: string, prefix: string): string => {
  if (!uri.startsWith(prefix)) throw new Error(`${uri} does not start with ${prefix}`);
  return uri.slice(prefix.length);
};

function s3Store(stores: Stores, e: Endpoints): ProviderStore {
  const bucket = stores.bucket;
  const client: S3Client = stores.s3;
  return {
    provider: "s3",
    env: (endpoint) => ({ EXHAUST_STORAGE_PROVIDER: "s3", EXHAUST_S3_BUCKET: bucket, EXHAUST_S3_ENDPOINT: endpoint ?? e.s3.endpoint }),
    async read(uri) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyAfter(uri, `s3://${bucket}/`) }));
      return Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    },
    objects: async () => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key ?? ""),
    unfinished: async () => ((await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map((u) => u.Key ?? ""),
    signedUrl: (key, terms) => s3SignedUrl(client, bucket, key, terms),
    close: async () => undefined,
  };
}

async function azureStore(e: Endpoints): Promise<ProviderStore> {
  const container = azureService(e.azure).getContainerClient(`t-${rand()}`);
  await container.create(); // no access level: private, as a Sunbird deployment's reports container should be
  const listed = async (uncommitted: boolean) => {
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat({ includeUncommitedBlobs: uncommitted })) names.push(blob.name);
    return names;
  };
  return {
    provider: "azure",
    env: (endpoint) => ({
      EXHAUST_STORAGE_PROVIDER: "azure",
      EXHAUST_AZURE_STORAGE_ACCOUNT: e.azure.accountName,
      EXHAUST_AZURE_CONTAINER: container.containerName,
      EXHAUST_AZURE_BLOB_ENDPOINT: endpoint === undefined ? e.azure.endpoint : `${endpoint}/${e.azure.accountName}`,
      AZURE_STORAGE_KEY: e.azure.accountKey,
    }),
    read: async (uri) => container.getBlobClient(keyAfter(uri, `wasb://${container.containerName}@${e.azure.accountName}.blob.core.windows.net/`)).downloadToBuffer(),
    objects: () => listed(false),
    async unfinished() {
      const committed = new Set(await listed(false));
      return (await listed(true)).filter((name) => !committed.has(name));
    },
    signedUrl: async (key, terms) => azureSignedUrl(azureCredential(e.azure), e.azure.endpoint, container.containerName, key, terms),
    close: async () => void (await container.delete()),
  };
}

/** A bucket on a GCS emulator (the stack's, or a test's own). */
export async function gcsStore(gcs: Endpoints["gcs"]): Promise<ProviderStore> {
  const credentials = throwAwayServiceAccountKey();
  const [bucket]: [Bucket, ...unknown[]] = await gcsStorage(gcs, credentials).createBucket(`t-${rand()}`);
  const names = async () => (await bucket.getFiles())[0].map((f) => f.name);
  return {
    provider: "gcs",
    env: (endpoint) => ({ EXHAUST_STORAGE_PROVIDER: "gcs", EXHAUST_GCS_BUCKET: bucket.name, EXHAUST_GCS_ENDPOINT: endpoint ?? gcs.endpoint, EXHAUST_GCS_CREDENTIALS_JSON: JSON.stringify(credentials) }),
    read: async (uri) => (await bucket.file(keyAfter(uri, `gs://${bucket.name}/`)).download())[0],
    objects: names,
    unfinished: async () => [],
    signedUrl: (key, terms) => gcsSignedUrl(bucket, key, terms, gcs.endpoint),
    close: async () => void (await bucket.deleteFiles({ force: true }).catch(() => undefined)),
  };
}

/** A bucket (container) on each provider's local server; the S3 one is the test file's own from openStores. */
export async function openProviderStores(stores: Stores): Promise<ProviderStore[]> {
  const e = endpoints();
  return [s3Store(stores, e), await azureStore(e), await gcsStore(e.gcs)];
}

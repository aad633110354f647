// Shared because both sides reach the same blob service: the runner uploads to it, the operator signs URLs for it.

/** The default blob endpoint of an Azure storage account (public cloud). */
export const azureBlobEndpoint = (account: string): string => `https://${account}.blob.core.windows.net`;

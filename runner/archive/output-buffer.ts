/** Archive bytes a zip stream holds ahead of its consumer: deflate keeps working while the upload is busy. */
export const OUTPUT_BUFFER_BYTES = 1 << 20;

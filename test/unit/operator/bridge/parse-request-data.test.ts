import { describe, expect, it } from "vitest";
import { NO_SELECTOR_MESSAGE, parseRequestData, type RequestedBatches } from "../../../../operator/bridge/parse-request-data.ts";

describe("parseRequestData (reports-spec §3.3)", () => {
  const cases: { name: string; text: string | null; expected: RequestedBatches }[] = [
    { name: "batchId -> that one batch", text: '{"batchId":"b1"}', expected: { kind: "batches", batchIds: ["b1"], given: 1 } },
    { name: "batchId and batchFilter -> batchId wins", text: '{"batchId":"b1","batchFilter":["b2","b3"]}', expected: { kind: "batches", batchIds: ["b1"], given: 1 } },
    { name: "batchId empty string -> present, the empty id (No data found later)", text: '{"batchId":"","batchFilter":["b2"]}', expected: { kind: "batches", batchIds: [""], given: 1 } },
    { name: "batchId null -> absent, batchFilter used", text: '{"batchId":null,"batchFilter":["b2"]}', expected: { kind: "batches", batchIds: ["b2"], given: 1 } },
    { name: "batchId a number -> its text, as Jackson reads it into a String", text: '{"batchId":123}', expected: { kind: "batches", batchIds: ["123"], given: 1 } },
    { name: "batchFilter with duplicates -> de-duplicated in order, counted as given", text: '{"batchFilter":["b2","b1","b2","b2"]}', expected: { kind: "batches", batchIds: ["b2", "b1"], given: 4 } },
    { name: "batchFilter empty array -> a selection of no batches", text: '{"batchFilter":[]}', expected: { kind: "batches", batchIds: [], given: 0 } },
    { name: "batchFilter and searchFilter -> batchFilter wins", text: '{"batchFilter":["b1"],"searchFilter":{"filters":{}}}', expected: { kind: "batches", batchIds: ["b1"], given: 1 } },
    { name: "searchFilter alone -> searchFilter", text: '{"searchFilter":{"filters":{"status":["Live"]}}}', expected: { kind: "searchFilter" } },
    { name: "no selector -> none", text: '{"type":"x"}', expected: { kind: "none" } },
    { name: "empty object -> none", text: "{}", expected: { kind: "none" } },
    { name: "batchFilter a string -> Sunbird's internal error", text: '{"batchFilter":"b1"}', expected: { kind: "invalid", message: "Internal Server Error: batchFilter is not a JSON array" } },
    { name: "batchFilter an object -> internal error", text: '{"batchFilter":{"0":"b1"}}', expected: { kind: "invalid", message: "Internal Server Error: batchFilter is not a JSON array" } },
    { name: "batchFilter holding an object -> internal error", text: '{"batchFilter":["b1",{"id":"b2"}]}', expected: { kind: "invalid", message: "Internal Server Error: batchFilter holds a value that is not a string" } },
    { name: "batchId an array -> internal error", text: '{"batchId":["b1"]}', expected: { kind: "invalid", message: "Internal Server Error: batchId is not a string" } },
    { name: "request_data an array -> internal error", text: '["b1"]', expected: { kind: "invalid", message: "Internal Server Error: request_data is not a JSON object" } },
    { name: "request_data JSON null -> internal error", text: "null", expected: { kind: "invalid", message: "Internal Server Error: request_data is not a JSON object" } },
    { name: "request_data NULL -> internal error", text: null, expected: { kind: "invalid", message: "Internal Server Error: request_data is not a JSON object" } },
    { name: "request_data not JSON -> internal error", text: "{batchId:", expected: { kind: "invalid", message: "Internal Server Error: request_data is not valid JSON" } },
  ];
  it.each(cases)("$name", ({ text, expected }) => expect(parseRequestData(text)).toEqual(expected));

  it("Sunbird's no-selector text, misspelling included", () => expect(NO_SELECTOR_MESSAGE).toBe("Request should have either of batchId, batchFilter, searchFilter or encrption key"));
});

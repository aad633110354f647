import { describe, expect, it } from "vitest";
import { allowsChannel, channelPolicyOf, channelRefusal, CHANNELS_ANNOTATION, type ChannelPolicy } from "../../../crds/export-policy.ts";

const annotated = (value: string) => ({ [CHANNELS_ANNOTATION]: value });

describe("channelPolicyOf reads the namespace annotation", () => {
  const cases: { name: string; annotations: Record<string, string> | undefined; policy: ChannelPolicy }[] = [
    { name: "no annotations -> none (deny by default)", annotations: undefined, policy: { kind: "none" } },
    { name: "other annotations only -> none", annotations: { "example.org/team": "lern" }, policy: { kind: "none" } },
    { name: "empty value -> none", annotations: annotated(""), policy: { kind: "none" } },
    { name: "only commas and spaces -> none", annotations: annotated(" , ,"), policy: { kind: "none" } },
    { name: "one channel -> listed", annotations: annotated("0126"), policy: { kind: "listed", channels: ["0126"] } },
    { name: "two channels with spaces -> listed, trimmed", annotations: annotated(" 0126 , 0127 "), policy: { kind: "listed", channels: ["0126", "0127"] } },
    { name: "* -> any", annotations: annotated("*"), policy: { kind: "any" } },
    { name: "* among channels -> any", annotations: annotated("0126,*"), policy: { kind: "any" } },
  ];
  it.each(cases)("$name", ({ annotations, policy }) => expect(channelPolicyOf(annotations)).toEqual(policy));
});

describe("allowsChannel", () => {
  const cases: { name: string; policy: ChannelPolicy; channel: string; allowed: boolean }[] = [
    { name: "none refuses any channel", policy: { kind: "none" }, channel: "0126", allowed: false },
    { name: "any allows an unknown channel", policy: { kind: "any" }, channel: "whatever", allowed: true },
    { name: "listed allows a listed channel", policy: { kind: "listed", channels: ["0126", "0127"] }, channel: "0127", allowed: true },
    { name: "listed refuses an unlisted channel", policy: { kind: "listed", channels: ["0126"] }, channel: "0127", allowed: false },
    { name: "listed refuses a prefix of a listed channel", policy: { kind: "listed", channels: ["01269"] }, channel: "0126", allowed: false },
    { name: "a literal * channel is refused by a listed policy", policy: { kind: "listed", channels: ["0126"] }, channel: "*", allowed: false },
  ];
  it.each(cases)("$name", ({ policy, channel, allowed }) => expect(allowsChannel(policy, channel)).toBe(allowed));
});

describe("channelRefusal names the field, channel, namespace, the allowed list and the annotation", () => {
  const cases: { name: string; policy: ChannelPolicy; allowedText: string }[] = [
    { name: "none", policy: { kind: "none" }, allowedText: "none" },
    { name: "listed", policy: { kind: "listed", channels: ["a", "b"] }, allowedText: "a,b" },
  ];
  it.each(cases)("$name", ({ policy, allowedText }) =>
    expect(channelRefusal("spec.requestedChannel", "c", "team-a", policy)).toBe(
      `spec.requestedChannel: channel c may not be exported from namespace team-a (allowed: ${allowedText}; a cluster admin lists channels in the namespace annotation exhaust.sunbird.org/channels)`,
    ),
  );
});

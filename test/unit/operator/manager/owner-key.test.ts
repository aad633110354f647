import { describe, expect, it } from "vitest";
import type { OwnerReference } from "../../../../operator/kube/meta/kube-object.ts";
import { controllerOwnerKey } from "../../../../operator/manager/owner-key.ts";

const ref = (kind: string, name: string, controller?: boolean): OwnerReference => ({
  apiVersion: "v1",
  kind,
  name,
  uid: `uid-${name}`,
  ...(controller === undefined ? {} : { controller }),
});

describe("controllerOwnerKey", () => {
  const cases: { name: string; namespace?: string; refs?: OwnerReference[]; ownerKind: string; expected: string | undefined }[] = [
    { name: "no owner references -> nothing to queue", namespace: "ns", ownerKind: "ExhaustRequest", expected: undefined },
    { name: "controller owner of the kind -> its key in the object's namespace", namespace: "ns", refs: [ref("ExhaustRequest", "r1", true)], ownerKind: "ExhaustRequest", expected: "ns/r1" },
    { name: "controller owner of another kind -> nothing", namespace: "ns", refs: [ref("ExhaustSchedule", "s1", true)], ownerKind: "ExhaustRequest", expected: undefined },
    { name: "owner of the kind but not the controller -> nothing", namespace: "ns", refs: [ref("ExhaustRequest", "r1", false)], ownerKind: "ExhaustRequest", expected: undefined },
    { name: "owner without the controller field -> nothing", namespace: "ns", refs: [ref("ExhaustRequest", "r1")], ownerKind: "ExhaustRequest", expected: undefined },
    {
      name: "several owners -> the controller one only",
      namespace: "ns",
      refs: [ref("ExhaustRequest", "other", false), ref("ExhaustRequest", "mine", true)],
      ownerKind: "ExhaustRequest",
      expected: "ns/mine",
    },
    { name: "cluster-scoped object -> the owner's bare name", refs: [ref("Node", "n1", true)], ownerKind: "Node", expected: "n1" },
  ];
  it.each(cases)("$name", ({ namespace, refs, ownerKind, expected }) => {
    const obj = { metadata: { name: "child", ...(namespace === undefined ? {} : { namespace }), ...(refs === undefined ? {} : { ownerReferences: refs }) } };
    expect(controllerOwnerKey(obj, ownerKind)).toBe(expected);
  });
});

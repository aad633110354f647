// Who may export what (docs/security.md, "Export policy"): a namespace may export only the channels (Sunbird root
// orgs) its annotation lists. Cluster admins set the annotation; whoever may create requests in a namespace cannot
// (updating a Namespace is a cluster-scoped right). Both enforcement points read these definitions: the chart's
// ValidatingAdmissionPolicy (its CEL is built here) and the request controller's pure check.

/** Annotation, not label: label values cannot hold the comma-separated list. */
export const CHANNELS_ANNOTATION = "exhaust.sunbird.org/channels";
/** Listed alone or among channels, every channel is allowed (a platform team's own namespace). */
export const ANY_CHANNEL = "*";

/** What a namespace allows: nothing when unannotated (deny by default), every channel, or the listed ones. */
export type ChannelPolicy = { kind: "none" } | { kind: "any" } | { kind: "listed"; channels: readonly string[] };

/** The policy the annotation states: entries split on commas and trimmed, empty entries ignored. */
export function channelPolicyOf(annotations: Readonly<Record<string, string>> | undefined): ChannelPolicy {
  const value = annotations?.[CHANNELS_ANNOTATION];
  const channels = (value ?? "").split(",").map((c) => c.trim()).filter((c) => c !== "");
  if (channels.includes(ANY_CHANNEL)) return { kind: "any" };
  return channels.length === 0 ? { kind: "none" } : { kind: "listed", channels };
}

export const allowsChannel = (policy: ChannelPolicy, channel: string): boolean =>
  policy.kind === "any" || (policy.kind === "listed" && policy.channels.includes(channel));

/** The annotation's value as the refusal quotes it; the same words as the CEL message below. */
const allowedText = (policy: ChannelPolicy): string =>
  policy.kind === "any" ? ANY_CHANNEL : policy.kind === "listed" ? policy.channels.join(",") : "none";

/** The refusal, naming the field, the channel, the namespace, what it allows and who can change that. */
export const channelRefusal = (field: string, channel: string, namespace: string, policy: ChannelPolicy): string =>
  `${field}: channel ${channel} may not be exported from namespace ${namespace} (allowed: ${allowedText(policy)}; ` +
  `a cluster admin lists channels in the namespace annotation ${CHANNELS_ANNOTATION})`;

// The same decision in CEL, over the admission request's namespaceObject. `channel` and `field` are CEL
// expressions (the ValidatingAdmissionPolicy's variables).
const annotations = "namespaceObject.metadata.annotations";
const listed = `${annotations}[${JSON.stringify(CHANNELS_ANNOTATION)}].split(',').map(c, c.trim()).filter(c, c != '')`;
const hasAnnotation = `has(namespaceObject.metadata.annotations) && ${JSON.stringify(CHANNELS_ANNOTATION)} in ${annotations}`;

/** The CEL list of allowed entries (possibly containing '*'); empty when unannotated. */
export const celAllowedList = `${hasAnnotation} ? ${listed} : []`;
/** True when the list allows `channel`. */
export const celAllows = (list: string, channel: string): string => `${list}.exists(c, c == '${ANY_CHANNEL}' || c == ${channel})`;
/** The refusal text of channelRefusal, built in CEL. */
export const celRefusal = (list: string, field: string, channel: string): string =>
  `${field} + ': channel ' + ${channel} + ' may not be exported from namespace ' + namespaceObject.metadata.name + ` +
  `' (allowed: ' + (${list}.exists(c, c == '${ANY_CHANNEL}') ? '${ANY_CHANNEL}' : ${list}.size() == 0 ? 'none' : ${list}.join(',')) + ` +
  `'; a cluster admin lists channels in the namespace annotation ${CHANNELS_ANNOTATION})'`;

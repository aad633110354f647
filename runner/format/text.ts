// D20: Spark's CSV writer strips leading and trailing whitespace from every field the way Java's String.trim does.
import { javaTrim } from "../../crds/java-trim.ts";

/** A text column: null or missing is an empty field, anything else is trimmed. */
export const textCell = (value: string | null | undefined): string => (value == null ? "" : javaTrim(value));

import type { VerbGroup } from "./verb-group";
export const stanVerbs: VerbGroup = () => {};

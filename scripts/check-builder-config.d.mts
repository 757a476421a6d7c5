// Types of check-builder-config.mjs.
export const CONFIG_FILE: string;
export function validateBuilderConfig(text: string): Promise<Record<string, unknown>>;

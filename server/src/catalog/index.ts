// Lookups over the catalog data. Everything that needs API facts goes through here.
import type {
  ConstantSpec,
  FunctionSpec,
  LayerSpec,
  Lifecycle,
  Origin,
  ParamSpec,
  ParamRole,
  WindowsTarget,
} from './types';
import { WINDOWS_TARGETS } from './types';
import { INJECTION_FUNCTIONS as INJECTION_RECORDS } from './injectionFunctions';
import { withLayers } from './injectionLayers';
import { SUPPORT_FUNCTIONS } from './supportFunctions';
import { LAYERS } from './layers';
import { CONSTANTS } from './constants';
import { VERSION_INDEPENDENT_NAMES } from './versionIndependent';
import { KERNEL_FUNCTIONS } from './kernelFunctions';

export * from './types';
export { NON_OWNING_CALLS } from './kernelFunctions';

const INJECTION_FUNCTIONS = withLayers(INJECTION_RECORDS, LAYERS);
export const FUNCTIONS: readonly FunctionSpec[] = [...INJECTION_FUNCTIONS, ...SUPPORT_FUNCTIONS];

const functionsByName = new Map(FUNCTIONS.map((f) => [f.name, f]));
const layersById = new Map<string, LayerSpec>();
for (const layer of LAYERS) {
  layersById.set(layer.id, layer);
  for (const alias of layer.aliases ?? []) layersById.set(alias, layer);
}
const constantsByName = new Map(CONSTANTS.map((c) => [c.name, c]));
const versionIndependent = new Map(VERSION_INDEPENDENT_NAMES.map((v) => [v.name, v]));

export const DEFAULT_TARGET: WindowsTarget = 'win10';

/** The versioned function a name in source code means, or undefined when it is not ours. */
export function resolveFunction(
  name: string,
  target: WindowsTarget = DEFAULT_TARGET,
): FunctionSpec | undefined {
  const direct = functionsByName.get(name);
  if (direct) return direct;
  const vi = versionIndependent.get(name);
  if (!vi) return undefined;
  const rank = WINDOWS_TARGETS.indexOf(target);
  const pick =
    vi.targets.find((t) => WINDOWS_TARGETS.indexOf(t.minTarget) <= rank) ?? vi.targets[vi.targets.length - 1];
  return pick ? functionsByName.get(pick.fn) : undefined;
}

/** Cheap pre-filter: every catalog name starts with this. */
export function mayBeCatalogName(name: string): boolean {
  return name.startsWith('Fwps');
}

export function isVersionIndependentName(name: string): boolean {
  return versionIndependent.has(name);
}

export function versionIndependentNames(): readonly string[] {
  return VERSION_INDEPENDENT_NAMES.map((v) => v.name);
}

export function getLayer(id: string): LayerSpec | undefined {
  return layersById.get(id);
}

export function allLayers(): readonly LayerSpec[] {
  return LAYERS;
}

export function getConstant(name: string): ConstantSpec | undefined {
  return constantsByName.get(name);
}

export function allConstants(): readonly ConstantSpec[] {
  return CONSTANTS;
}

export function paramByRole(
  fn: FunctionSpec,
  role: ParamRole,
): { param: ParamSpec; index: number } | undefined {
  const index = fn.params.findIndex((p) => p.role === role);
  return index < 0 ? undefined : { param: fn.params[index], index };
}

export function injectionFunctions(): readonly FunctionSpec[] {
  return INJECTION_FUNCTIONS;
}

export function isInjectionFunction(fn: FunctionSpec): boolean {
  return fn.kind === 'inject';
}

/** The C prototype as one string, for hover and docs. */
export function prototypeText(fn: FunctionSpec): string {
  if (fn.params.length === 0) return `${fn.returnType} ${fn.name}(void);`;
  const width = Math.max(...fn.params.map((p) => p.sal.length));
  const lines = fn.params.map((p, i) => {
    const sep = i === fn.params.length - 1 ? '' : ',';
    const type = p.type.endsWith('*') ? p.type : `${p.type} `;
    return `  ${p.sal.padEnd(width)} ${type}${p.name}${sep}`;
  });
  return `${fn.returnType} ${fn.name}(\n${lines.join('\n')}\n);`;
}

/** One parameter as written in a signature label. */
export function paramLabel(p: ParamSpec): string {
  const type = p.type.endsWith('*') ? p.type : `${p.type} `;
  return `${type}${p.name}`;
}

/** The path an injection function sends packets along, when it is one direction's. */
export function injectionDirection(fn: FunctionSpec): 'inbound' | 'outbound' | undefined {
  const path = fn.injection?.path;
  return path === 'inbound' || path === 'outbound' ? path : undefined;
}

/**
 * A packet injected with `fn` from a classify function running at `layers` is not indicated to
 * it again: it goes down the other path (a reply injected into the receive path from an outbound
 * layer). False when that cannot be told.
 */
export function injectedAway(fn: FunctionSpec, layers: readonly string[]): boolean {
  const direction = injectionDirection(fn);
  if (!direction || !layers.length) return false;
  const other = direction === 'inbound' ? 'outbound' : 'inbound';
  return layers.every((id) => getLayer(id)?.direction === other);
}

/** The functions that end what another begins (FunctionSpec.endedBy), by versioned name. */
const endingFunctions = new Set(FUNCTIONS.flatMap((f) => f.endedBy?.by ?? []));

/** The function begins something another call must end, or ends such a thing (WFP3008). */
export function beginsOrEnds(fn: FunctionSpec): boolean {
  return !!fn.endedBy || endingFunctions.has(fn.name);
}

/** Every function that allocates or frees something, Fwps and kernel, by versioned name. */
const lifecycles = new Map<string, Lifecycle>([
  ...FUNCTIONS.filter((f) => f.lifecycle).map((f) => [f.name, f.lifecycle!] as const),
  ...KERNEL_FUNCTIONS.map((f) => [f.name, f.lifecycle] as const),
]);

/** What the function called `name` (versioned, version-independent or kernel) allocates or frees. */
export function lifecycleOf(name: string, target?: WindowsTarget): Lifecycle | undefined {
  return (
    lifecycles.get(name) ??
    (mayBeCatalogName(name) ? lifecycles.get(resolveFunction(name, target)?.name ?? '') : undefined)
  );
}

export function kernelFunctions(): readonly (typeof KERNEL_FUNCTIONS)[number][] {
  return KERNEL_FUNCTIONS;
}

/**
 * Answers per origin, read once from the catalog: the rules ask for every owned NBL of a file, and
 * each search of the lifecycles made arrays and iterators a 5,000-line driver's check paid ~1 MB for.
 */
function perOrigin<T>(read: (origin: Origin) => T): (origin: Origin) => T {
  const known = new Map<Origin, T>();
  return (origin) => {
    if (!known.has(origin)) known.set(origin, read(origin));
    return known.get(origin)!;
  };
}

/** The free that pairs with an origin: the one made for it, else the first that accepts it. */
export const pairedFree = perOrigin((origin): string | undefined => {
  const all = [...lifecycles].filter(([, l]) => l.frees?.origins.includes(origin));
  return (all.find(([, l]) => l.frees!.origins[0] === origin) ?? all[0])?.[0];
});

/** The first function the catalog lists as making an object of this origin. */
export const allocatorOf = perOrigin(
  (origin): string | undefined => [...lifecycles].find(([, l]) => l.allocates?.origin === origin)?.[0],
);

/** The free a completion function uses for an injected object of this origin. */
export const pairedFreeAfterInjection = perOrigin((origin): string | undefined => {
  const after = [...lifecycles].find(([, l]) => l.frees?.afterInjection?.includes(origin));
  return after?.[0] ?? pairedFree(origin);
});

/** Whether the free `name` suits an injected object of this origin, in its completion function. */
export function freesAfterInjection(name: string, origin: Origin): boolean {
  const frees = lifecycleOf(name)?.frees;
  return !!frees && (frees.origins.includes(origin) || !!frees.afterInjection?.includes(origin));
}

/** Frees that are right for an object of this origin (a shared array: never change it). */
export const acceptedFrees = perOrigin((origin): readonly string[] =>
  [...lifecycles].filter(([, l]) => l.frees?.origins.includes(origin)).map(([n]) => n),
);

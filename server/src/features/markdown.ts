// Markdown renderings of catalog entries, shared by hover and completion.
import {
  getLayer,
  prototypeText,
  type ConstantSpec,
  type FunctionSpec,
  type LayerSpec,
  type ParamSpec,
} from '../catalog';

export function constraintText(p: ParamSpec): string[] {
  const out: string[] = [];
  if (p.mustBe === 'zero') out.push('reserved: must be `0`');
  if (p.mustBe === 'null') out.push('reserved: must be `NULL`');
  if (p.nonNull) out.push('must not be `NULL`');
  if (p.optional && !p.mustBe) out.push('optional (`NULL` allowed)');
  return out;
}

function paramLine(p: ParamSpec): string {
  const constraints = constraintText(p);
  const tail = constraints.length ? ` *(${constraints.join('; ')})*` : '';
  return `- \`${p.name}\` \`${p.sal}\`${tail} — ${p.doc}`;
}

function layerList(fn: FunctionSpec): string | undefined {
  const layers = fn.injection?.layers;
  if (!layers?.length) return undefined;
  return layers
    .map((l) => {
      const extra = [l.condition, l.inferred ? 'inferred, not stated by Microsoft' : undefined].filter(
        Boolean,
      );
      return `- \`${l.layer}\`${extra.length ? ` — ${extra.join('; ')}` : ''}`;
    })
    .join('\n');
}

/** The first sentence of a catalog text, without its parenthesised asides. */
export function firstSentence(text: string): string {
  const plain = text.replace(/\s*\([^()]*\)/g, '');
  const end = plain.search(/\.(\s|$)/);
  return end < 0 ? plain : plain.slice(0, end + 1);
}

const shortLayer = (id: string) => id.replace(/^FWPS_LAYER_/, '');

/** "`IPFORWARD_V4`, `IPFORWARD_V6`", or for many "12 layers: `A`, `B` … (each _V4 and _V6)". */
function calledFrom(fn: FunctionSpec): string | undefined {
  const layers = fn.injection?.layers;
  if (!layers?.length) return undefined;
  const names = [...new Set(layers.map((l) => shortLayer(l.layer)))];
  if (names.length <= 4) return names.map((n) => `\`${n}\``).join(', ');
  const families = [...new Set(names.map((n) => n.replace(/_V[46]$/, '')))];
  const paired = families.every((f) => names.includes(`${f}_V4`) && names.includes(`${f}_V6`));
  return `${names.length} layers: ${families.map((f) => `\`${f}\``).join(', ')}${paired ? ' (each _V4 and _V6)' : ''}`;
}

/**
 * Hover text for a function, answer first: the prototype, what it does, who owns the NBL when
 * it fails, where it may be called from and at which IRQL fit on one screen; the parameter
 * table and the details follow below a rule. `written` is the name in the code (may be
 * version-independent).
 */
export function functionMarkdown(fn: FunctionSpec, written = fn.name): string {
  const head: string[] = [];
  head.push('```c\n' + prototypeText(fn) + '\n```');
  if (written !== fn.name)
    head.push(
      `\`${written}\` is the version-independent name; for the configured target it means \`${fn.name}\`.`,
    );
  head.push(firstSentence(fn.purpose));
  const facts = [
    fn.ownershipOnFailure
      ? `**On failure:** ${fn.ownershipOnFailure.replace(/(?<=\.)\s.*$/s, '')}`
      : undefined,
    calledFrom(fn) ? `**Called from:** ${calledFrom(fn)}` : undefined,
    `**IRQL** ${fn.irql} · ${fn.minOs} and later · [Microsoft documentation](${fn.docUrl})`,
  ].filter(Boolean);
  head.push(facts.join('  \n'));

  const details: string[] = [];
  if (fn.purpose !== firstSentence(fn.purpose)) details.push(fn.purpose);
  if (fn.params.length) details.push('**Parameters**\n\n' + fn.params.map(paramLine).join('\n'));
  if (fn.returns.length)
    details.push('**Returns**\n\n' + fn.returns.map((r) => `- \`${r.code}\` — ${r.meaning}`).join('\n'));
  if (fn.ownershipOnFailure && /\.\s/.test(fn.ownershipOnFailure))
    details.push(`**On failure:** ${fn.ownershipOnFailure}`);
  const layers = layerList(fn);
  if (layers) details.push('**May be called from**\n\n' + layers);
  if (fn.injection) {
    const inj = fn.injection;
    const handle = [...inj.handleTypes, ...(inj.zeroFlagsHandleOk ? ['or flags `0`'] : [])].map((h) =>
      h.startsWith('FWPS') ? `\`${h}\`` : h,
    );
    details.push(
      [
        `**Injection handle:** ${handle.join(', ')}`,
        `**Packet data must start at:** ${inj.dataStart}`,
        inj.needsSelfInjectionCheck
          ? '**Loop guard:** call `FwpsQueryPacketInjectionState0` with the same handle in classifyFn and let self-injected packets pass.'
          : undefined,
        inj.tcpOutOfBand ? '**TCP:** inject from a DPC or worker, not inline from classifyFn.' : undefined,
      ]
        .filter(Boolean)
        .join('  \n'),
    );
  }
  if (fn.notes?.length) details.push(fn.notes.map((n) => `- ${n}`).join('\n'));
  if (fn.pairedWith?.length)
    details.push(`**Goes with:** ${fn.pairedWith.map((n) => `\`${n}\``).join(', ')}`);
  details.push(`\`${fn.header}\` · \`${fn.library}\``);
  return [...head, '---', ...details].join('\n\n');
}

/** Hover text for one argument of a call. */
export function paramMarkdown(fn: FunctionSpec, index: number): string {
  const p = fn.params[index];
  const constraints = constraintText(p);
  const parts = [
    '```c\n' + `${p.sal} ${p.type.endsWith('*') ? p.type : p.type + ' '}${p.name}` + '\n```',
    `Parameter ${index + 1} of ${fn.params.length} of \`${fn.name}\`.`,
    p.doc,
  ];
  if (constraints.length) parts.push(`**Constraint:** ${constraints.join('; ')}`);
  if (p.values?.length) parts.push(`**Typical values:** ${p.values.map((v) => `\`${v}\``).join(', ')}`);
  parts.push(`[Microsoft documentation](${fn.docUrl})`);
  return parts.join('\n\n');
}

export function layerMarkdown(layer: LayerSpec, written = layer.id): string {
  const dir = {
    inbound: 'inbound',
    outbound: 'outbound',
    both: 'both directions',
    forward: 'forwarded',
    none: 'no packet direction',
  }[layer.direction];
  let ip = 'no IP version';
  if (layer.ip === 'L2') ip = 'layer 2';
  else if (layer.ip) ip = `IPv${layer.ip}`;
  const lines = [
    '```c\n' + written + '\n```',
    layer.description,
    `**Direction:** ${dir} · **IP:** ${ip}${layer.discard ? ' · discard layer' : ''}`,
    `**Packet data at classify:** ${layer.dataAtClassify}`,
    layer.injectWith.length
      ? '**Inject with**\n\n' +
        layer.injectWith
          .map(
            (i) =>
              `- \`${i.fn}\`${[i.condition, i.inferred ? 'inferred' : undefined]
                .filter(Boolean)
                .map((s) => ` — ${s}`)
                .join('')}`,
          )
          .join('\n')
      : '**Inject with:** no injection function is documented for this layer.',
    `**Asynchronous processing:** ${layer.pend}`,
  ];
  if (layer.managementId) lines.push(`Filters are added at \`${layer.managementId}\`.`);
  lines.push(
    '[Run-time filtering layer identifiers](https://learn.microsoft.com/windows-hardware/drivers/network/run-time-filtering-layer-identifiers)',
  );
  return lines.join('\n\n');
}

export function constantMarkdown(c: ConstantSpec): string {
  const parts = ['```c\n' + c.name + '\n```', c.doc];
  if (c.docUrl) parts.push(`[Microsoft documentation](${c.docUrl})`);
  return parts.join('\n\n');
}

/** Hover text for any FWPS_/STATUS_FWP_/AF_ constant name, if we know it. */
export function symbolMarkdown(name: string, constant: ConstantSpec | undefined): string | undefined {
  const layer = getLayer(name);
  if (layer) return layerMarkdown(layer, name);
  if (constant) return constantMarkdown(constant);
  return undefined;
}

// Writes a stub fwpsk.h for other C tools (clangd in bench/clangd-compare.mjs): the catalog's
// prototypes plus just enough of the WDK's types and macros for bench/generate.mjs's driver.
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const {
  FUNCTIONS,
  paramLabel,
  versionIndependentNames,
  resolveFunction,
} = require('../out/server/src/catalog/index.js');

/** Type names that are integers (or handles) in the WDK; every other type name is a struct. */
const SCALARS = {
  HANDLE: 'void*',
  PVOID: 'void*',
  NDIS_HANDLE: 'void*',
  NTSTATUS: 'long',
  BOOLEAN: 'unsigned char',
  UINT8: 'unsigned char',
  UCHAR: 'unsigned char',
  UINT16: 'unsigned short',
  USHORT: 'unsigned short',
  UINT32: 'unsigned int',
  ULONG: 'unsigned long',
  UINT64: 'unsigned long long',
  SIZE_T: 'unsigned long long',
  ADDRESS_FAMILY: 'unsigned short',
  COMPARTMENT_ID: 'unsigned int',
  IF_INDEX: 'unsigned long',
  NDIS_PORT_NUMBER: 'unsigned int',
  NDIS_SWITCH_PORT_ID: 'unsigned int',
  NDIS_SWITCH_NIC_INDEX: 'unsigned short',
  IPPROTO: 'int',
  FWPS_PACKET_INJECTION_STATE: 'int',
};
const POINTERS = { PNET_BUFFER_LIST: 'NET_BUFFER_LIST*' };
const CALLBACKS = {
  FWPS_INJECT_COMPLETE0:
    'void (*FWPS_INJECT_COMPLETE0)(void* context, NET_BUFFER_LIST* netBufferList, BOOLEAN dispatchLevel)',
  FWPS_INJECT_COMPLETE:
    'void (*FWPS_INJECT_COMPLETE)(void* context, NET_BUFFER_LIST* netBufferList, BOOLEAN dispatchLevel)',
};
const KEYWORDS = new Set(['void', 'const', 'struct', 'unsigned', 'int', 'char', 'long', 'short']);

export function stubHeader() {
  const names = new Set();
  for (const fn of FUNCTIONS) {
    for (const t of [fn.returnType, ...fn.params.map((p) => p.type)])
      for (const w of t.match(/[A-Za-z_]\w*/g) ?? []) if (!KEYWORDS.has(w)) names.add(w);
  }
  const out = [
    '/* Generated from the WFP Injection Assistant catalog for benchmarks; not the WDK header. */',
    '#pragma once',
    '#define NTAPI',
    '#define AF_INET 2',
    '#define AF_INET6 23',
    '#define STATUS_SUCCESS ((NTSTATUS)0)',
    '#define NT_SUCCESS(s) (((NTSTATUS)(s)) >= 0)',
    '#define NULL ((void*)0)',
  ];
  for (const [n, t] of Object.entries(SCALARS)) out.push(`typedef ${t} ${n};`);
  out.push(
    'typedef struct NET_BUFFER_LIST { struct NET_BUFFER_LIST* Next; } NET_BUFFER_LIST;',
    '#define NET_BUFFER_LIST_NEXT_NBL(n) ((n)->Next)',
    'void KeMemoryBarrier(void);',
  );
  for (const n of names) {
    if (n in SCALARS || n === 'NET_BUFFER_LIST' || n in CALLBACKS) continue;
    if (n in POINTERS) out.push(`typedef ${POINTERS[n]} ${n};`);
    else out.push(`typedef struct ${n} ${n};`);
  }
  for (const c of Object.values(CALLBACKS)) out.push(`typedef ${c};`);
  for (const fn of FUNCTIONS)
    out.push(`${fn.returnType} NTAPI ${fn.name}(${fn.params.map(paramLabel).join(', ')});`);
  // The version-independent names, as fwpsk.h maps them for Windows 10.
  for (const name of versionIndependentNames())
    out.push(`#define ${name} ${resolveFunction(name, 'win10').name}`);
  // What the real-shaped drivers use besides the catalog (bench/generate.mjs).
  out.push(
    '#define _In_',
    '#define _In_opt_',
    '#define _Inout_',
    '#define _Outptr_',
    '#define __drv_freesMem(x)',
    '#define _IRQL_requires_max_(x)',
    '#define _IRQL_requires_same_',
    '#define UNREFERENCED_PARAMETER(p) ((void)(p))',
    '#define NTDDI_VERSION 0x0A000000',
    '#define NTDDI_WIN7 0x06010000',
    '#define DISPATCH_LEVEL 2',
    '#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009AL)',
    '#define FALSE 0',
    'typedef void VOID;',
    'typedef struct MDL MDL, *PMDL;',
    'typedef enum { NonPagedPoolNx = 512 } POOL_TYPE;',
    'void* ExAllocatePoolZero(POOL_TYPE type, SIZE_T size, ULONG tag);',
    'void ExFreePoolWithTag(void* p, ULONG tag);',
    'PMDL IoAllocateMdl(void* va, ULONG length, BOOLEAN secondary, BOOLEAN charge, void* irp);',
    'void IoFreeMdl(PMDL mdl);',
    'void MmBuildMdlForNonPagedPool(PMDL mdl);',
  );
  return out.join('\n') + '\n';
}

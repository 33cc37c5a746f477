// NDIS, I/O manager and executive functions that drivers use to build and release the packets
// they inject: known here only for what they allocate and free, so that a packet built over an
// MDL over a pool buffer is followed to its three frees and a free from the wrong family is seen.
import type { KernelFunctionSpec } from './types';

const NDIS = 'https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-';
const WDM = 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-';

export const KERNEL_FUNCTIONS: readonly KernelFunctionSpec[] = [
  {
    name: 'NdisAllocateCloneNetBufferList',
    purpose: 'Makes an NDIS clone of an NBL and returns it (NULL on failure).',
    header: 'ndis.h',
    docUrl: `${NDIS}ndisallocateclonenetbufferlist`,
    lifecycle: { allocates: { resource: 'nbl', origin: 'ndisClone', into: 'return' } },
  },
  {
    name: 'NdisFreeCloneNetBufferList',
    purpose: 'Frees an NBL made by NdisAllocateCloneNetBufferList.',
    header: 'ndis.h',
    docUrl: `${NDIS}ndisfreeclonenetbufferlist`,
    lifecycle: { frees: { resource: 'nbl', origins: ['ndisClone'], arg: 0 } },
  },
  {
    name: 'NdisAllocateNetBufferAndNetBufferList',
    purpose: 'Allocates an NBL with one NET_BUFFER over an MDL chain from an NDIS pool and returns it.',
    header: 'ndis.h',
    docUrl: `${NDIS}ndisallocatenetbufferandnetbufferlist`,
    lifecycle: { allocates: { resource: 'nbl', origin: 'ndisAllocated', into: 'return', over: 3 } },
  },
  {
    name: 'NdisAllocateNetBufferList',
    purpose: 'Allocates an NBL from an NDIS pool and returns it.',
    header: 'ndis.h',
    docUrl: `${NDIS}ndisallocatenetbufferlist`,
    lifecycle: { allocates: { resource: 'nbl', origin: 'ndisAllocated', into: 'return' } },
  },
  {
    name: 'NdisFreeNetBufferList',
    purpose: 'Frees an NBL allocated from an NDIS pool.',
    header: 'ndis.h',
    docUrl: `${NDIS}ndisfreenetbufferlist`,
    lifecycle: { frees: { resource: 'nbl', origins: ['ndisAllocated'], arg: 0 } },
  },
  {
    name: 'IoAllocateMdl',
    purpose: 'Allocates an MDL describing a buffer and returns it (NULL on failure).',
    header: 'wdm.h',
    docUrl: `${WDM}ioallocatemdl`,
    lifecycle: { allocates: { resource: 'mdl', origin: 'mdl', into: 'return', over: 0 } },
  },
  {
    name: 'IoFreeMdl',
    purpose: 'Frees an MDL from IoAllocateMdl.',
    header: 'wdm.h',
    docUrl: `${WDM}iofreemdl`,
    lifecycle: { frees: { resource: 'mdl', origins: ['mdl'], arg: 0 } },
  },
  {
    name: 'NdisAllocateMdl',
    purpose: 'Allocates an MDL describing a buffer for an NDIS driver and returns it.',
    header: 'ndis.h',
    docUrl: `${NDIS}ndisallocatemdl`,
    lifecycle: { allocates: { resource: 'mdl', origin: 'ndisMdl', into: 'return', over: 1 } },
  },
  {
    name: 'NdisFreeMdl',
    purpose: 'Frees an MDL from NdisAllocateMdl.',
    header: 'ndis.h',
    docUrl: `${NDIS}ndisfreemdl`,
    lifecycle: { frees: { resource: 'mdl', origins: ['ndisMdl'], arg: 0 } },
  },
  {
    name: 'ExAllocatePoolWithTag',
    purpose: 'Allocates pool memory and returns it (NULL on failure).',
    header: 'wdm.h',
    docUrl: `${WDM}exallocatepoolwithtag`,
    lifecycle: { allocates: { resource: 'buffer', origin: 'pool', into: 'return' } },
  },
  {
    name: 'ExAllocatePool2',
    purpose: 'Allocates zeroed pool memory and returns it (NULL on failure).',
    header: 'wdm.h',
    docUrl: `${WDM}exallocatepool2`,
    lifecycle: { allocates: { resource: 'buffer', origin: 'pool', into: 'return' } },
  },
  {
    name: 'ExAllocatePoolZero',
    purpose: 'Allocates zeroed pool memory and returns it (NULL on failure).',
    header: 'wdm.h',
    docUrl: `${WDM}exallocatepoolzero`,
    lifecycle: { allocates: { resource: 'buffer', origin: 'pool', into: 'return' } },
  },
  {
    name: 'ExFreePoolWithTag',
    purpose: 'Frees pool memory.',
    header: 'wdm.h',
    docUrl: `${WDM}exfreepoolwithtag`,
    lifecycle: { frees: { resource: 'buffer', origins: ['pool'], arg: 0 } },
  },
  {
    name: 'ExFreePool',
    purpose: 'Frees pool memory.',
    header: 'wdm.h',
    docUrl: `${WDM}exfreepool`,
    lifecycle: { frees: { resource: 'buffer', origins: ['pool'], arg: 0 } },
  },
];

/**
 * Functions and macros that look at a value without taking it (logging, asserts, NBL field
 * accessors, copies): passing an NBL to them hands nothing on.
 */
export const NON_OWNING_CALLS =
  /^(UNREFERENCED_PARAMETER|DBG_UNREFERENCED_PARAMETER|NT_ASSERT\w*|ASSERT\w*|NT_SUCCESS|DbgPrint(Ex)?|KdPrint(Ex)?|DoTraceMessage|TraceEvents|TraceLogging\w*|NET_BUFFER_LIST_FIRST_NB|NET_BUFFER_LIST_NEXT_NBL|NET_BUFFER_FIRST_MDL|NET_BUFFER_DATA_LENGTH|NET_BUFFER_DATA_OFFSET|NET_BUFFER_CURRENT_MDL|NET_BUFFER_CURRENT_MDL_OFFSET|NET_BUFFER_NEXT_NB|NET_BUFFER_LIST_STATUS|NET_BUFFER_LIST_INFO|NdisGetDataBuffer|Ndis(Retreat|Advance)NetBuffer(List)?DataStart|Ndis(Test|Set|Clear)NblFlags?|NdisGetPoolFromNetBufferList|NdisQueryNetBufferPhysicalCount|RtlZeroMemory|RtlCopyMemory|RtlMoveMemory|RtlFillMemory|memset|memcpy|memmove|sizeof)$/;

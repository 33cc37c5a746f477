// Generates a synthetic driver source of about `lines` lines with an injection call every 15 lines.
export function generateDriver(lines) {
  const out = ['#include <fwpsk.h>', 'extern HANDLE gHandle;', 'void NTAPI Done(void* c, NET_BUFFER_LIST* n, BOOLEAN d);', ''];
  const callLines = [];
  let fn = 0;
  while (out.length < lines - 20) {
    out.push(`NTSTATUS Inject${fn++}(NET_BUFFER_LIST* nbl, COMPARTMENT_ID cid, IF_INDEX ifIndex)`, '{', '    NTSTATUS status;');
    for (let k = 0; k < 4 && out.length < lines - 20; k++) {
      callLines.push(out.length);
      out.push(
        '    status = FwpsInjectForwardAsync0(gHandle, NULL, 0, AF_INET,',
        '        cid,',
        '        ifIndex,',
        '        nbl,',
        '        Done, NULL);',
        '    if (!NT_SUCCESS(status)) {',
        '        FwpsFreeCloneNetBufferList0(nbl, 0);',
        '        return status;',
        '    }',
        '    /* padding so that calls are 15 lines apart */',
        '    cid = cid + 1;',
        '    ifIndex = ifIndex + 1;',
        '    KeMemoryBarrier();',
        '    nbl = NET_BUFFER_LIST_NEXT_NBL(nbl);',
        '',
      );
    }
    out.push('    return STATUS_SUCCESS;', '}', '');
  }
  return { text: out.join('\n') + '\n', callLines };
}

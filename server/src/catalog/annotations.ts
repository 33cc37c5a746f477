// What the compiler reads as nothing (or as a plain keyword) in Windows kernel C/C++: SAL 2 and
// SAL 1 annotations, driver annotations, calling conventions and declaration macros. The parse
// layer (parse/preprocess.ts) blanks them so tree-sitter sees the declarations the compiler sees.
// SAL reference: https://learn.microsoft.com/cpp/code-quality/understanding-sal
// Driver annotations: https://learn.microsoft.com/windows-hardware/drivers/devtest/sal-2-annotations-for-windows-drivers

export type AnnotationKind = 'sal' | 'driver' | 'convention' | 'declaration';

/**
 * `args`: `never` — the name stands alone, even before a `(` (as in `_In_ (*callback)(…)`);
 * `always` — a balanced argument list follows; `optional` — taken when a `(` follows.
 * `keyword`: the same-length keyword the name stands for (`CONST` → `const`), else blank.
 */
export interface AnnotationSpec {
  kind: AnnotationKind;
  args: 'never' | 'always' | 'optional';
  keyword?: string;
}

const sal = (args: AnnotationSpec['args']): AnnotationSpec => ({ kind: 'sal', args });

/** Exact names. */
const EXACT: Record<string, AnnotationSpec> = {
  // SAL 2 without arguments that the prefix families below would otherwise treat as `optional`.
  _In_: sal('never'),
  _In_opt_: sal('never'),
  _In_z_: sal('never'),
  _In_opt_z_: sal('never'),
  _Out_: sal('never'),
  _Out_opt_: sal('never'),
  _Inout_: sal('never'),
  _Inout_opt_: sal('never'),
  _Inout_z_: sal('never'),
  _Outptr_: sal('never'),
  _Outptr_opt_: sal('never'),
  _Outptr_result_maybenull_: sal('never'),
  _Outptr_opt_result_maybenull_: sal('never'),
  _Outptr_result_nullonfailure_: sal('never'),
  _COM_Outptr_: sal('never'),
  _Ret_maybenull_: sal('never'),
  _Ret_notnull_: sal('never'),
  _Ret_z_: sal('never'),
  _Check_return_: sal('never'),
  _Must_inspect_result_: sal('never'),
  _Use_decl_annotations_: sal('never'),
  _Null_terminated_: sal('never'),
  _NullNull_terminated_: sal('never'),
  _Printf_format_string_: sal('never'),
  _Frees_ptr_: sal('never'),
  _Frees_ptr_opt_: sal('never'),
  _Notnull_: sal('never'),
  _Maybenull_: sal('never'),
  _Null_: sal('never'),
  _Valid_: sal('never'),
  _Notvalid_: sal('never'),
  _Reserved_: sal('never'),
  _Analysis_noreturn_: sal('never'),
  _Points_to_data_: sal('never'),
  _Literal_: sal('never'),
  _Notliteral_: sal('never'),
  _Interlocked_operand_: sal('never'),
  _Field_z_: sal('never'),
  // SAL 2 with arguments outside the families.
  _When_: sal('always'),
  _Success_: sal('always'),
  _Return_type_success_: sal('always'),
  _At_: sal('always'),
  _At_buffer_: sal('always'),
  _Always_: sal('always'),
  _On_failure_: sal('always'),
  _Group_: sal('always'),
  _Function_class_: sal('always'),
  _Dispatch_type_: sal('always'),
  _Guarded_by_: sal('always'),
  _Write_guarded_by_: sal('always'),
  _Requires_lock_held_: sal('always'),
  _Requires_lock_not_held_: sal('always'),
  _Requires_exclusive_lock_held_: sal('always'),
  _Requires_shared_lock_held_: sal('always'),
  _Acquires_lock_: sal('always'),
  _Acquires_exclusive_lock_: sal('always'),
  _Acquires_shared_lock_: sal('always'),
  _Releases_lock_: sal('always'),
  _Releases_exclusive_lock_: sal('always'),
  _Releases_shared_lock_: sal('always'),
  _Create_lock_level_: sal('always'),
  _Has_lock_kind_: sal('always'),
  _Has_lock_level_: sal('always'),
  _Lock_level_order_: sal('always'),
  _Analysis_mode_: sal('always'),
  _Analysis_assume_lock_held_: sal('always'),
  _Satisfies_: sal('always'),
  _Strict_type_match_: sal('never'),
  _Enum_is_bitflag_: sal('never'),
  _Struct_size_bytes_: sal('always'),
  _Readable_bytes_: sal('always'),
  _Writable_bytes_: sal('always'),
  _Readable_elements_: sal('always'),
  _Writable_elements_: sal('always'),
  _Null_terminated_bytes_: sal('always'),
  // SAL 1 (older drivers).
  __in: sal('never'),
  __in_opt: sal('never'),
  __in_z: sal('never'),
  __out: sal('never'),
  __out_opt: sal('never'),
  __inout: sal('never'),
  __inout_opt: sal('never'),
  __deref_out: sal('never'),
  __deref_out_opt: sal('never'),
  __checkReturn: sal('never'),
  __reserved: sal('never'),
  __nullterminated: sal('never'),
  __callback: sal('never'),
  __format_string: sal('never'),
  __success: sal('always'),
  // Pre-SAL parameter markers from ntdef.h (defined empty).
  IN: sal('never'),
  OUT: sal('never'),
  OPTIONAL: sal('never'),
  // Calling conventions and their WDK macros.
  NTAPI: { kind: 'convention', args: 'never' },
  WINAPI: { kind: 'convention', args: 'never' },
  CALLBACK: { kind: 'convention', args: 'never' },
  STDCALL: { kind: 'convention', args: 'never' },
  FASTCALL: { kind: 'convention', args: 'never' },
  NTAPI_INLINE: { kind: 'convention', args: 'never' },
  __stdcall: { kind: 'convention', args: 'never' },
  _stdcall: { kind: 'convention', args: 'never' },
  __fastcall: { kind: 'convention', args: 'never' },
  __cdecl: { kind: 'convention', args: 'never' },
  _cdecl: { kind: 'convention', args: 'never' },
  __vectorcall: { kind: 'convention', args: 'never' },
  __thiscall: { kind: 'convention', args: 'never' },
  // Declaration macros and Microsoft declaration keywords.
  NTKERNELAPI: { kind: 'declaration', args: 'never' },
  NTHALAPI: { kind: 'declaration', args: 'never' },
  NTSYSAPI: { kind: 'declaration', args: 'never' },
  NTSYSCALLAPI: { kind: 'declaration', args: 'never' },
  NDIS_EXPORT: { kind: 'declaration', args: 'never' },
  EXTERN_C: { kind: 'declaration', args: 'never' },
  FORCEINLINE: { kind: 'declaration', args: 'never', keyword: 'inline' },
  __forceinline: { kind: 'declaration', args: 'never', keyword: 'inline' },
  __inline: { kind: 'declaration', args: 'never', keyword: 'inline' },
  CONST: { kind: 'declaration', args: 'never', keyword: 'const' },
  UNALIGNED: { kind: 'declaration', args: 'never' },
  RESTRICTED_POINTER: { kind: 'declaration', args: 'never' },
  POINTER_64: { kind: 'declaration', args: 'never' },
  POINTER_32: { kind: 'declaration', args: 'never' },
  __ptr64: { kind: 'declaration', args: 'never' },
  __ptr32: { kind: 'declaration', args: 'never' },
  __unaligned: { kind: 'declaration', args: 'never' },
  __restrict: { kind: 'declaration', args: 'never' },
  __declspec: { kind: 'declaration', args: 'always' },
  DECLSPEC_ALIGN: { kind: 'declaration', args: 'always' },
  DECLSPEC_NOINLINE: { kind: 'declaration', args: 'never' },
  DECLSPEC_NORETURN: { kind: 'declaration', args: 'never' },
  DECLSPEC_IMPORT: { kind: 'declaration', args: 'never' },
  DECLSPEC_EXPORT: { kind: 'declaration', args: 'never' },
  DECLSPEC_CACHEALIGN: { kind: 'declaration', args: 'never' },
  DECLSPEC_NOTHROW: { kind: 'declaration', args: 'never' },
  DECLSPEC_SELECTANY: { kind: 'declaration', args: 'never' },
  DECLSPEC_DEPRECATED_DDK: { kind: 'declaration', args: 'never' },
  DECLSPEC_DEPRECATED: { kind: 'declaration', args: 'never' },
  DECLSPEC_GUARDNOCF: { kind: 'declaration', args: 'never' },
  DECLSPEC_NOSANITIZEADDRESS: { kind: 'declaration', args: 'never' },
  DECLSPEC_ADDRSAFE: { kind: 'declaration', args: 'never' },
  DECLSPEC_SAFEBUFFERS: { kind: 'declaration', args: 'never' },
  ALLOC_PRAGMA: { kind: 'declaration', args: 'never' },
};

/**
 * Families by prefix: every name that starts with one of these and is not in EXACT. Argument lists
 * are taken when a `(` follows (`_In_reads_bytes_(n)`, `_IRQL_requires_max_(DISPATCH_LEVEL)`).
 * Checked longest prefix first; the name must also end with `_` for the SAL 2 families (SAL 2
 * names all do), which keeps ordinary identifiers such as `_Inner` out.
 */
interface Family {
  prefix: string;
  kind: AnnotationKind;
  trailingUnderscore: boolean;
}
const FAMILY_LIST: Family[] = [
  { prefix: '_In_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Out_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Inout_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Outptr_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_COM_Outptr_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Outref_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Ret_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Pre_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Post_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Deref_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Field_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Result_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Scanf_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Printf_', kind: 'sal', trailingUnderscore: true },
  { prefix: '_Kernel_', kind: 'driver', trailingUnderscore: true },
  { prefix: '_IRQL_', kind: 'driver', trailingUnderscore: true },
  { prefix: '_Drv_', kind: 'driver', trailingUnderscore: true },
  { prefix: '__drv_', kind: 'driver', trailingUnderscore: false },
  { prefix: '__in_', kind: 'sal', trailingUnderscore: false },
  { prefix: '__out_', kind: 'sal', trailingUnderscore: false },
  { prefix: '__inout_', kind: 'sal', trailingUnderscore: false },
  { prefix: '__deref_', kind: 'sal', trailingUnderscore: false },
  { prefix: '__ecount', kind: 'sal', trailingUnderscore: false },
  // MIDL's annotations in RPC stubs and interfaces (`__RPC__in_opt`, `__RPC__deref_out_opt`).
  { prefix: '__RPC__', kind: 'sal', trailingUnderscore: false },
  { prefix: '__bcount', kind: 'sal', trailingUnderscore: false },
];
const FAMILIES = FAMILY_LIST.sort((a, b) => b.prefix.length - a.prefix.length);

/** What the compiler makes of `name` when it is one of ours, else undefined. */
export function annotationSpec(name: string): AnnotationSpec | undefined {
  const exact = EXACT[name];
  if (exact && Object.prototype.hasOwnProperty.call(EXACT, name)) return exact;
  if (name.charCodeAt(0) !== 95) return undefined;
  for (const f of FAMILIES) {
    if (
      name.length > f.prefix.length &&
      name.startsWith(f.prefix) &&
      (!f.trailingUnderscore || name.endsWith('_'))
    ) {
      return { kind: f.kind, args: 'optional' };
    }
  }
  return undefined;
}

/** Cheap pre-filter over identifier characters: annotations start with `_` or an upper-case letter. */
export function mayBeAnnotation(firstChar: number): boolean {
  return firstChar === 95 || (firstChar >= 65 && firstChar <= 90);
}

/** The exact names, for tests and docs. */
export function annotationNames(): string[] {
  return Object.keys(EXACT);
}

/**
 * Annotations that say something the ownership analysis can use: the parameter a function frees,
 * or one whose memory it keeps.
 */
export const OWNERSHIP_ANNOTATIONS = {
  frees: ['__drv_freesMem', '_Frees_ptr_', '_Frees_ptr_opt_'],
  keeps: ['__drv_aliasesMem'],
  allocates: ['__drv_allocatesMem'],
} as const;

/**
 * WDK macros that take a type among their arguments (argument positions, from 0). Written with
 * `struct X` there, the call does not parse as an expression; the `struct`/`union`/`enum` keyword is
 * blanked so the type name reads as an identifier.
 */
export const TYPE_ARGUMENT_MACROS: Record<string, number[]> = {
  CONTAINING_RECORD: [1],
  FIELD_OFFSET: [0],
  RTL_FIELD_SIZE: [0],
  RTL_SIZEOF_THROUGH_FIELD: [0],
  RTL_FIELD_TYPE: [0],
  TYPE_ALIGNMENT: [0],
  RTL_NUMBER_OF_FIELD: [0],
};

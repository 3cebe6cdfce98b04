using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cluster.Hdf5.Native;

/// <summary>
/// Thin, faithful binding of the parts of HDF5 1.10 (libhdf5_serial.so.103, Debian libhdf5-103-1) the typed API
/// uses. Names, argument order and integer types follow the C API (<c>hid_t</c> = long, <c>herr_t</c> = int,
/// <c>hsize_t</c> = ulong, <c>htri_t</c> = int, <c>hbool_t</c> = byte). This is the only file in the assembly
/// that talks to native code; <see cref="H5Library"/> and the H5* classes above it are what the rest calls.
/// </summary>
internal static unsafe partial class Hdf5Native
{
    public const string LibraryName = "libhdf5_serial.so.103";
    public const string DebianPackage = "libhdf5-103-1";

    // Loaded on first use so that code which never touches HDF5 does not need it installed.
    private static readonly Lazy<nint> Library = new(LoadLibrary);

    // HDF5's predefined type and property-list ids are global variables that H5open() fills in; they are read
    // once after H5open, never before (before, they hold -1).
    private static readonly Lazy<GlobalIds> Globals = new(ReadGlobals);

    // An explicit static constructor keeps the type from being beforefieldinit: the resolver is in place before
    // the first call into any import below.
    static Hdf5Native()
    {
        NativeLibrary.SetDllImportResolver(typeof(Hdf5Native).Assembly, Resolve);
    }

    /// <summary>Loads the library and runs H5open; throws <see cref="DllNotFoundException"/> naming the Debian package.</summary>
    public static void EnsureLoaded() => _ = Globals.Value;

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibraryName ? Library.Value : 0;

    private static nint LoadLibrary() =>
        NativeLibrary.TryLoad(LibraryName, out var handle)
            ? handle
            : throw new DllNotFoundException($"{LibraryName} not found: apt-get install {DebianPackage}");

    private sealed record GlobalIds(
        long NativeInt8, long NativeUInt8, long NativeInt16, long NativeUInt16, long NativeInt32, long NativeUInt32,
        long NativeInt64, long NativeUInt64, long NativeFloat, long NativeDouble, long CS1,
        long FileCreate, long FileAccess, long DatasetCreate, long LinkCreate);

    private static GlobalIds ReadGlobals()
    {
        var library = Library.Value;
        if (H5open() < 0) throw new InvalidOperationException($"H5open failed in {LibraryName}");
        long Read(string name) => Marshal.ReadInt64(NativeLibrary.GetExport(library, name));
        return new GlobalIds(
            Read("H5T_NATIVE_INT8_g"), Read("H5T_NATIVE_UINT8_g"), Read("H5T_NATIVE_INT16_g"), Read("H5T_NATIVE_UINT16_g"),
            Read("H5T_NATIVE_INT32_g"), Read("H5T_NATIVE_UINT32_g"), Read("H5T_NATIVE_INT64_g"), Read("H5T_NATIVE_UINT64_g"),
            Read("H5T_NATIVE_FLOAT_g"), Read("H5T_NATIVE_DOUBLE_g"), Read("H5T_C_S1_g"),
            Read("H5P_CLS_FILE_CREATE_ID_g"), Read("H5P_CLS_FILE_ACCESS_ID_g"),
            Read("H5P_CLS_DATASET_CREATE_ID_g"), Read("H5P_CLS_LINK_CREATE_ID_g"));
    }

    public static long H5T_NATIVE_INT8 => Globals.Value.NativeInt8;
    public static long H5T_NATIVE_UINT8 => Globals.Value.NativeUInt8;
    public static long H5T_NATIVE_INT16 => Globals.Value.NativeInt16;
    public static long H5T_NATIVE_UINT16 => Globals.Value.NativeUInt16;
    public static long H5T_NATIVE_INT32 => Globals.Value.NativeInt32;
    public static long H5T_NATIVE_UINT32 => Globals.Value.NativeUInt32;
    public static long H5T_NATIVE_INT64 => Globals.Value.NativeInt64;
    public static long H5T_NATIVE_UINT64 => Globals.Value.NativeUInt64;
    public static long H5T_NATIVE_FLOAT => Globals.Value.NativeFloat;
    public static long H5T_NATIVE_DOUBLE => Globals.Value.NativeDouble;
    public static long H5T_C_S1 => Globals.Value.CS1;
    public static long H5P_FILE_CREATE => Globals.Value.FileCreate;
    public static long H5P_FILE_ACCESS => Globals.Value.FileAccess;
    public static long H5P_DATASET_CREATE => Globals.Value.DatasetCreate;
    public static long H5P_LINK_CREATE => Globals.Value.LinkCreate;

    // --- constants (H5public.h, H5Fpublic.h, H5Spublic.h, H5Tpublic.h, H5Ipublic.h, H5Lpublic.h, H5Dpublic.h) --

    public const long H5P_DEFAULT = 0;
    public const long H5S_ALL = 0;
    public const long H5E_DEFAULT = 0;

    public const uint H5F_ACC_RDONLY = 0x0000;
    public const uint H5F_ACC_RDWR = 0x0001;
    public const uint H5F_ACC_TRUNC = 0x0002;
    public const int H5F_SCOPE_GLOBAL = 1;

    public const int H5S_SCALAR = 0;
    public const int H5S_SELECT_SET = 0;
    public const ulong H5S_UNLIMITED = ulong.MaxValue;

    public const int H5T_INTEGER = 0;
    public const int H5T_FLOAT = 1;
    public const int H5T_STRING = 3;
    public const int H5T_SGN_NONE = 0;
    public const int H5T_CSET_ASCII = 0;
    public const int H5T_CSET_UTF8 = 1;
    public const int H5T_STR_NULLTERM = 0;
    public const int H5T_STR_NULLPAD = 1;
    public const int H5T_STR_SPACEPAD = 2;
    public static readonly nuint H5T_VARIABLE = nuint.MaxValue;

    public const int H5I_GROUP = 2;
    public const int H5I_DATASET = 5;

    public const int H5L_TYPE_HARD = 0;
    public const int H5L_TYPE_SOFT = 1;

    public const int H5_INDEX_NAME = 0;
    public const int H5_ITER_INC = 0;

    public const int H5D_CHUNKED = 2;

    public const int H5E_WALK_UPWARD = 0;

    /// <summary>H5L_info_t (1.10): the link type and, for soft links, the size of the target path in <c>u</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct H5L_info_t
    {
        public int type;
        public byte corder_valid;
        public long corder;
        public int cset;
        public ulong u; // union { haddr_t address; size_t val_size; }
    }

    /// <summary>H5E_error2_t: one record of an error stack.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct H5E_error2_t
    {
        public long cls_id;
        public long maj_num;
        public long min_num;
        public uint line;
        public nint func_name;
        public nint file_name;
        public nint desc;
    }

    // --- library and errors -------------------------------------------------------------------------------

    [LibraryImport(LibraryName)] public static partial int H5open();
    [LibraryImport(LibraryName)] public static partial int H5is_library_threadsafe(byte* is_ts);
    [LibraryImport(LibraryName)] public static partial int H5free_memory(void* mem);
    [LibraryImport(LibraryName)] public static partial int H5Eset_auto2(long estack_id, nint func, nint client_data);
    [LibraryImport(LibraryName)] public static partial int H5Ewalk2(long estack_id, int direction, delegate* unmanaged[Cdecl]<uint, H5E_error2_t*, nint, int> func, nint client_data);
    [LibraryImport(LibraryName)] public static partial nint H5Eget_msg(long msg_id, int* type, byte* msg, nuint size);
    [LibraryImport(LibraryName)] public static partial int H5Eclear2(long estack_id);

    /// <summary>
    /// The current thread's error stack, innermost record (where the error was detected) first, as
    /// (function, description, minor message) triples. Empty when the stack is empty.
    /// </summary>
    public static List<(string Function, string Description, string Minor)> CurrentErrorStack()
    {
        var records = new List<(string, string, string)>();
        var handle = GCHandle.Alloc(records);
        try
        {
            H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, &CollectErrorRecord, GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }
        return records;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CollectErrorRecord(uint n, H5E_error2_t* record, nint clientData)
    {
        var records = (List<(string, string, string)>)GCHandle.FromIntPtr(clientData).Target!;
        var minor = stackalloc byte[256];
        var length = (long)H5Eget_msg(record->min_num, null, minor, 256);
        records.Add((
            Marshal.PtrToStringUTF8(record->func_name) ?? "",
            Marshal.PtrToStringUTF8(record->desc) ?? "",
            length > 0 ? Marshal.PtrToStringUTF8((nint)minor) ?? "" : ""));
        return 0;
    }

    // --- files --------------------------------------------------------------------------------------------

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Fcreate(string filename, uint flags, long fcpl_id, long fapl_id);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Fopen(string filename, uint flags, long fapl_id);
    [LibraryImport(LibraryName)] public static partial int H5Fflush(long object_id, int scope);
    [LibraryImport(LibraryName)] public static partial int H5Fclose(long file_id);

    // --- groups, links, objects ---------------------------------------------------------------------------

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Gcreate2(long loc_id, string name, long lcpl_id, long gcpl_id, long gapl_id);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Gopen2(long loc_id, string name, long gapl_id);
    [LibraryImport(LibraryName)] public static partial int H5Gclose(long group_id);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial int H5Lexists(long loc_id, string name, long lapl_id);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial int H5Lcreate_soft(string link_target, long link_loc_id, string link_name, long lcpl_id, long lapl_id);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial int H5Lget_info(long loc_id, string name, H5L_info_t* linfo, long lapl_id);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial int H5Lget_val(long loc_id, string name, byte* buf, nuint size, long lapl_id);
    [LibraryImport(LibraryName)] public static partial int H5Literate(long grp_id, int idx_type, int order, ulong* idx, delegate* unmanaged[Cdecl]<long, byte*, H5L_info_t*, nint, int> op, nint op_data);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Oopen(long loc_id, string name, long lapl_id);
    [LibraryImport(LibraryName)] public static partial int H5Oclose(long object_id);
    [LibraryImport(LibraryName)] public static partial int H5Iget_type(long id);

    // --- datasets -----------------------------------------------------------------------------------------

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Dcreate2(long loc_id, string name, long type_id, long space_id, long lcpl_id, long dcpl_id, long dapl_id);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Dopen2(long loc_id, string name, long dapl_id);
    [LibraryImport(LibraryName)] public static partial int H5Dclose(long dset_id);
    [LibraryImport(LibraryName)] public static partial int H5Dwrite(long dset_id, long mem_type_id, long mem_space_id, long file_space_id, long xfer_plist_id, void* buf);
    [LibraryImport(LibraryName)] public static partial int H5Dread(long dset_id, long mem_type_id, long mem_space_id, long file_space_id, long xfer_plist_id, void* buf);
    [LibraryImport(LibraryName)] public static partial long H5Dget_space(long dset_id);
    [LibraryImport(LibraryName)] public static partial long H5Dget_type(long dset_id);
    [LibraryImport(LibraryName)] public static partial long H5Dget_create_plist(long dset_id);
    [LibraryImport(LibraryName)] public static partial int H5Dset_extent(long dset_id, ulong* size);
    [LibraryImport(LibraryName)] public static partial int H5Dvlen_reclaim(long type_id, long space_id, long plist_id, void* buf);

    // --- dataspaces ---------------------------------------------------------------------------------------

    [LibraryImport(LibraryName)] public static partial long H5Screate(int type);
    [LibraryImport(LibraryName)] public static partial long H5Screate_simple(int rank, ulong* dims, ulong* maxdims);
    [LibraryImport(LibraryName)] public static partial int H5Sget_simple_extent_ndims(long space_id);
    [LibraryImport(LibraryName)] public static partial int H5Sget_simple_extent_dims(long space_id, ulong* dims, ulong* maxdims);
    [LibraryImport(LibraryName)] public static partial long H5Sget_simple_extent_npoints(long space_id);
    [LibraryImport(LibraryName)] public static partial int H5Sselect_hyperslab(long space_id, int op, ulong* start, ulong* stride, ulong* count, ulong* block);
    [LibraryImport(LibraryName)] public static partial int H5Sclose(long space_id);

    // --- datatypes ----------------------------------------------------------------------------------------

    [LibraryImport(LibraryName)] public static partial long H5Tcopy(long type_id);
    [LibraryImport(LibraryName)] public static partial int H5Tset_size(long type_id, nuint size);
    [LibraryImport(LibraryName)] public static partial int H5Tset_cset(long type_id, int cset);
    [LibraryImport(LibraryName)] public static partial int H5Tset_strpad(long type_id, int strpad);
    [LibraryImport(LibraryName)] public static partial int H5Tget_class(long type_id);
    [LibraryImport(LibraryName)] public static partial nuint H5Tget_size(long type_id);
    [LibraryImport(LibraryName)] public static partial int H5Tget_sign(long type_id);
    [LibraryImport(LibraryName)] public static partial int H5Tget_cset(long type_id);
    [LibraryImport(LibraryName)] public static partial int H5Tget_strpad(long type_id);
    [LibraryImport(LibraryName)] public static partial int H5Tis_variable_str(long type_id);
    [LibraryImport(LibraryName)] public static partial int H5Tclose(long type_id);

    // --- attributes ---------------------------------------------------------------------------------------

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Acreate2(long loc_id, string attr_name, long type_id, long space_id, long acpl_id, long aapl_id);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial long H5Aopen(long obj_id, string attr_name, long aapl_id);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial int H5Aexists(long obj_id, string attr_name);
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)] public static partial int H5Adelete(long loc_id, string attr_name);
    [LibraryImport(LibraryName)] public static partial int H5Awrite(long attr_id, long mem_type_id, void* buf);
    [LibraryImport(LibraryName)] public static partial int H5Aread(long attr_id, long mem_type_id, void* buf);
    [LibraryImport(LibraryName)] public static partial long H5Aget_space(long attr_id);
    [LibraryImport(LibraryName)] public static partial long H5Aget_type(long attr_id);
    [LibraryImport(LibraryName)] public static partial int H5Aclose(long attr_id);
    // op: herr_t (*H5A_operator2_t)(hid_t location_id, const char *attr_name, const H5A_info_t *ainfo, void *op_data)
    [LibraryImport(LibraryName)] public static partial int H5Aiterate2(long loc_id, int idx_type, int order, ulong* idx, delegate* unmanaged[Cdecl]<long, byte*, void*, nint, int> op, nint op_data);

    // --- property lists -----------------------------------------------------------------------------------

    [LibraryImport(LibraryName)] public static partial long H5Pcreate(long cls_id);
    [LibraryImport(LibraryName)] public static partial int H5Pclose(long plist_id);
    [LibraryImport(LibraryName)] public static partial int H5Pset_chunk(long plist_id, int ndims, ulong* dim);
    [LibraryImport(LibraryName)] public static partial int H5Pget_chunk(long plist_id, int max_ndims, ulong* dims);
    [LibraryImport(LibraryName)] public static partial int H5Pget_layout(long plist_id);
    [LibraryImport(LibraryName)] public static partial int H5Pset_deflate(long plist_id, uint level);
    [LibraryImport(LibraryName)] public static partial int H5Pset_shuffle(long plist_id);
    [LibraryImport(LibraryName)] public static partial int H5Pget_nfilters(long plist_id);
    [LibraryImport(LibraryName)] public static partial int H5Pset_fill_value(long plist_id, long type_id, void* value);
    // Present since 1.10.7 (checked with nm -D on the Debian 1.10.8 library).
    [LibraryImport(LibraryName)] public static partial int H5Pset_file_locking(long fapl_id, byte use_file_locking, byte ignore_when_disabled);
}

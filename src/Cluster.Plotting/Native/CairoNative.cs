using System.Reflection;
using System.Runtime.InteropServices;

namespace Cluster.Plotting.Native;

/// <summary>
/// Thin, faithful binding of the parts of cairo 1.16 (libcairo.so.2) this library uses. Names and argument
/// order follow the C API; the typed API above it (<see cref="Canvas"/>, <see cref="ArgbImage"/>) is what the
/// rest of the code calls. This is the only file in the assembly that talks to native code.
/// </summary>
internal static unsafe partial class CairoNative
{
    public const string LibraryName = "libcairo.so.2";
    public const string DebianPackage = "libcairo2";

    // Loaded on first use so that code which never draws does not need cairo installed.
    private static readonly Lazy<nint> Library = new(LoadLibrary);

    // An explicit static constructor keeps the type from being beforefieldinit: the resolver is in place
    // before the first call into any import below.
    static CairoNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(CairoNative).Assembly, Resolve);
    }

    /// <summary>Loads libcairo now; throws <see cref="DllNotFoundException"/> naming the Debian package.</summary>
    public static void EnsureLoaded() => _ = Library.Value;

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibraryName ? Library.Value : 0;

    private static nint LoadLibrary() =>
        NativeLibrary.TryLoad(LibraryName, out var handle)
            ? handle
            : throw new DllNotFoundException($"{LibraryName} not found: apt-get install {DebianPackage}");

    // cairo_status_t
    public const int CAIRO_STATUS_SUCCESS = 0;
    public const int CAIRO_STATUS_WRITE_ERROR = 11;

    // cairo_format_t
    public const int CAIRO_FORMAT_ARGB32 = 0;

    // cairo_filter_t
    public const int CAIRO_FILTER_NEAREST = 3;

    // cairo_font_slant_t / cairo_font_weight_t
    public const int CAIRO_FONT_SLANT_NORMAL = 0;
    public const int CAIRO_FONT_WEIGHT_NORMAL = 0;
    public const int CAIRO_FONT_WEIGHT_BOLD = 1;

    // cairo_line_cap_t
    public const int CAIRO_LINE_CAP_BUTT = 0;
    public const int CAIRO_LINE_CAP_SQUARE = 2;

    // cairo_svg_unit_t
    public const int CAIRO_SVG_UNIT_PX = 3;

    /// <summary>cairo_text_extents_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct cairo_text_extents_t
    {
        public double x_bearing;
        public double y_bearing;
        public double width;
        public double height;
        public double x_advance;
        public double y_advance;
    }

    /// <summary>cairo_font_extents_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct cairo_font_extents_t
    {
        public double ascent;
        public double descent;
        public double height;
        public double max_x_advance;
        public double max_y_advance;
    }

    // --- status -------------------------------------------------------------------------------------------

    [LibraryImport(LibraryName)]
    public static partial nint cairo_status_to_string(int status);

    // --- surfaces -----------------------------------------------------------------------------------------

    [LibraryImport(LibraryName)]
    public static partial int cairo_format_stride_for_width(int format, int width);

    [LibraryImport(LibraryName)]
    public static partial nint cairo_image_surface_create(int format, int width, int height);

    /// <summary>The caller must keep <paramref name="data"/> pinned until the surface is destroyed.</summary>
    [LibraryImport(LibraryName)]
    public static partial nint cairo_image_surface_create_for_data(byte* data, int format, int width, int height, int stride);

    [LibraryImport(LibraryName)]
    public static partial byte* cairo_image_surface_get_data(nint surface);

    [LibraryImport(LibraryName)]
    public static partial int cairo_image_surface_get_width(nint surface);

    [LibraryImport(LibraryName)]
    public static partial int cairo_image_surface_get_height(nint surface);

    [LibraryImport(LibraryName)]
    public static partial int cairo_image_surface_get_stride(nint surface);

    [LibraryImport(LibraryName)]
    public static partial nint cairo_svg_surface_create_for_stream(
        delegate* unmanaged<nint, byte*, uint, int> write_func, nint closure, double width_in_points, double height_in_points);

    [LibraryImport(LibraryName)]
    public static partial void cairo_svg_surface_set_document_unit(nint surface, int unit);

    [LibraryImport(LibraryName)]
    public static partial nint cairo_pdf_surface_create_for_stream(
        delegate* unmanaged<nint, byte*, uint, int> write_func, nint closure, double width_in_points, double height_in_points);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int cairo_surface_write_to_png(nint surface, string filename);

    [LibraryImport(LibraryName)]
    public static partial void cairo_surface_flush(nint surface);

    [LibraryImport(LibraryName)]
    public static partial void cairo_surface_mark_dirty(nint surface);

    [LibraryImport(LibraryName)]
    public static partial void cairo_surface_finish(nint surface);

    [LibraryImport(LibraryName)]
    public static partial int cairo_surface_status(nint surface);

    [LibraryImport(LibraryName)]
    public static partial void cairo_surface_destroy(nint surface);

    // --- context ------------------------------------------------------------------------------------------

    [LibraryImport(LibraryName)]
    public static partial nint cairo_create(nint target);

    [LibraryImport(LibraryName)]
    public static partial void cairo_destroy(nint cr);

    [LibraryImport(LibraryName)]
    public static partial int cairo_status(nint cr);

    [LibraryImport(LibraryName)]
    public static partial void cairo_save(nint cr);

    [LibraryImport(LibraryName)]
    public static partial void cairo_restore(nint cr);

    [LibraryImport(LibraryName)]
    public static partial void cairo_translate(nint cr, double tx, double ty);

    [LibraryImport(LibraryName)]
    public static partial void cairo_scale(nint cr, double sx, double sy);

    [LibraryImport(LibraryName)]
    public static partial void cairo_rotate(nint cr, double angle);

    [LibraryImport(LibraryName)]
    public static partial void cairo_clip(nint cr);

    [LibraryImport(LibraryName)]
    public static partial void cairo_reset_clip(nint cr);

    // --- paths, fills, strokes ----------------------------------------------------------------------------

    [LibraryImport(LibraryName)]
    public static partial void cairo_new_path(nint cr);

    [LibraryImport(LibraryName)]
    public static partial void cairo_move_to(nint cr, double x, double y);

    [LibraryImport(LibraryName)]
    public static partial void cairo_line_to(nint cr, double x, double y);

    [LibraryImport(LibraryName)]
    public static partial void cairo_rectangle(nint cr, double x, double y, double width, double height);

    [LibraryImport(LibraryName)]
    public static partial void cairo_close_path(nint cr);

    [LibraryImport(LibraryName)]
    public static partial void cairo_set_source_rgb(nint cr, double red, double green, double blue);

    [LibraryImport(LibraryName)]
    public static partial void cairo_set_source_rgba(nint cr, double red, double green, double blue, double alpha);

    [LibraryImport(LibraryName)]
    public static partial void cairo_set_line_width(nint cr, double width);

    [LibraryImport(LibraryName)]
    public static partial void cairo_set_line_cap(nint cr, int line_cap);

    [LibraryImport(LibraryName)]
    public static partial void cairo_set_dash(nint cr, double* dashes, int num_dashes, double offset);

    [LibraryImport(LibraryName)]
    public static partial void cairo_fill(nint cr);

    [LibraryImport(LibraryName)]
    public static partial void cairo_stroke(nint cr);

    [LibraryImport(LibraryName)]
    public static partial void cairo_paint(nint cr);

    // --- sources and patterns -----------------------------------------------------------------------------

    [LibraryImport(LibraryName)]
    public static partial void cairo_set_source_surface(nint cr, nint surface, double x, double y);

    /// <summary>Borrowed reference: valid while it is the context's source.</summary>
    [LibraryImport(LibraryName)]
    public static partial nint cairo_get_source(nint cr);

    [LibraryImport(LibraryName)]
    public static partial void cairo_pattern_set_filter(nint pattern, int filter);

    // --- toy text API -------------------------------------------------------------------------------------

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void cairo_select_font_face(nint cr, string family, int slant, int weight);

    [LibraryImport(LibraryName)]
    public static partial void cairo_set_font_size(nint cr, double size);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void cairo_show_text(nint cr, string utf8);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void cairo_text_extents(nint cr, string utf8, out cairo_text_extents_t extents);

    [LibraryImport(LibraryName)]
    public static partial void cairo_font_extents(nint cr, out cairo_font_extents_t extents);
}

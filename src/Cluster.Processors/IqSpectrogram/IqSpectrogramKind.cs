using Cluster.Core.Kinds;
using Cluster.Core.Specs;
using Cluster.Plotting;
using Cluster.Signal;

namespace Cluster.Processors.IqSpectrogram;

/// <summary>Binds a job spec's <c>params</c> and <c>outputs</c> to <see cref="IqSpectrogramParameters"/>.</summary>
public static class IqSpectrogramKind
{
    public static IJobKind Create() => new JobKind<IqSpectrogramParameters>(new IqSpectrogramProcessor(), Bind);

    public static IqSpectrogramParameters? Bind(SpecReader p, SpecReader outputs)
    {
        var defaults = new IqSpectrogramParameters();
        // Every field is read before any is parsed, so one bad value does not hide the others.
        var lframes = p.Int("lframes");
        var nframes = p.Int("nframes");
        var nAvg = p.Int("n_avg");
        var startFrame = p.Int("start_frame");
        var endFrame = p.Int("end_frame");
        var windowText = p.String("window");
        var modeText = p.String("mode");
        var zoomCenter = p.Double("zoom_center");
        var zoomSpan = p.Double("zoom_span");
        var colormap = p.String("colormap");
        var colorScaleText = p.String("color_scale");
        var vmin = p.Double("vmin");
        var vmax = p.Double("vmax");
        var sampleRate = p.Double("sample_rate");
        var centerFrequency = p.Double("center_frequency");
        var rawFormatText = p.String("raw_format");
        var channel = p.Int("channel");
        var verifySha512 = p.Bool("verify_sha512");
        var inputFormat = p.String("input_format");
        var formatList = outputs.StringList("formats");

        var errorsBefore = p.Errors.Count;
        var window = windowText is null ? null : p.Parse(() => IqSpectrogramText.Window(windowText)!.Value);
        var mode = p.Parse(() => IqSpectrogramText.Mode(modeText));
        var colorScale = colorScaleText is null ? null : p.Parse(() => IqSpectrogramText.ColorScale(colorScaleText));
        var rawFormat = rawFormatText is null ? null : p.Validate(() => SampleFormat.Parse(rawFormatText, "raw_format"));
        var formats = formatList is null ? defaults.Formats : outputs.Validate(() => OutputFormats.Parse(string.Join(',', formatList)));
        if (p.Errors.Count > errorsBefore || formats is null) return null;

        var parameters = new IqSpectrogramParameters
        {
            Stft = new StftParameters
            {
                Lframes = lframes ?? defaults.Stft.Lframes,
                Nframes = nframes,
                NAvg = nAvg ?? defaults.Stft.NAvg,
                StartFrame = startFrame,
                EndFrame = endFrame,
                Window = window,
                Mode = mode ?? defaults.Stft.Mode,
            },
            ZoomCenter = zoomCenter,
            ZoomSpan = zoomSpan,
            Colormap = colormap ?? defaults.Colormap,
            ColorScale = colorScale,
            VMin = vmin,
            VMax = vmax,
            Formats = formats,
            Input = new IqOpenOptions
            {
                SampleRate = sampleRate,
                CenterFrequency = centerFrequency,
                RawFormat = rawFormat,
                Channel = channel ?? 0,
                VerifySha512 = verifySha512 ?? true,
                InputFormat = inputFormat,
            },
        };
        return p.Validate(() =>
        {
            parameters.Validate();
            return parameters;
        });
    }
}

using System.Text.Json;

namespace Cluster.Nexus.Bluesky;

/// <summary>Writes documents as JSON Lines, <c>["name", {document}]</c> per line, the format the reader takes.</summary>
public sealed class BlueskyJsonLinesWriter(Stream stream) : IDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly Utf8JsonWriter _writer = new(stream, new JsonWriterOptions { SkipValidation = false });

    /// <summary>Writes one document; <paramref name="writeDocument"/> writes the document object.</summary>
    public void Write(string name, Action<Utf8JsonWriter> writeDocument)
    {
        _writer.WriteStartArray();
        _writer.WriteStringValue(name);
        writeDocument(_writer);
        _writer.WriteEndArray();
        _writer.Flush();
        _writer.Reset();
        stream.Write(Newline);
    }

    public void Write(string name, JsonElement document) => Write(name, w => document.WriteTo(w));

    /// <summary>Writes every document of a run in emission order: start, descriptors, events (each after its descriptor), stop.</summary>
    public void Write(BlueskyRun run)
    {
        Write("start", run.Start.Raw);
        var written = new HashSet<string>();
        var pending = run.Descriptors.ToDictionary(d => d.Uid);
        foreach (var e in run.Events)
        {
            if (written.Add(e.Descriptor)) Write("descriptor", pending[e.Descriptor].Raw);
            Write("event", w =>
            {
                w.WriteStartObject();
                w.WriteString("uid", e.Uid);
                w.WriteString("descriptor", e.Descriptor);
                w.WriteNumber("seq_num", e.SeqNum);
                w.WriteNumber("time", e.Time);
                w.WritePropertyName("data");
                e.Data.WriteTo(w);
                w.WriteStartObject("filled");
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }
        foreach (var d in run.Descriptors.Where(d => !written.Contains(d.Uid))) Write("descriptor", d.Raw);
        if (run.Stop is { } stop)
            Write("stop", w =>
            {
                w.WriteStartObject();
                w.WriteString("uid", stop.Uid);
                w.WriteString("run_start", stop.RunStart);
                w.WriteNumber("time", stop.Time);
                w.WriteString("exit_status", stop.ExitStatus);
                if (stop.Reason is not null) w.WriteString("reason", stop.Reason);
                w.WriteStartObject("num_events");
                foreach (var (stream, n) in stop.NumEvents) w.WriteNumber(stream, n);
                w.WriteEndObject();
                w.WriteEndObject();
            });
    }

    public void Dispose() => _writer.Dispose();
}

using System.Text.Json;

namespace Cluster.TestSupport;

/// <summary>
/// What each example file holds, read independently of the C# readers: a small Python program (Debian's
/// python3, json module) decodes the file and lays the event values out by the seed's rules.
/// </summary>
public sealed record ReferenceEntry(long[] Shape, double[] Data, double[] Energies, double[] PointSampleX, double[] PointSampleY, double RotationAngle);

public static class StxmExampleReference
{
    public static readonly string[] Files =
    [
        "COARSE_GONI_SCAN", "DETECTOR_IMAGE", "GENERIC_SCAN", "OSA_FOCUS", "OSA_IMAGE", "SAMPLE_FOCUS",
        "SAMPLE_IMAGE", "SAMPLE_IMAGE_STACK", "SAMPLE_LINE_SPECTRA", "SAMPLE_POINT_SPECTRA", "TOMOGRAPHY_SCAN",
    ];

    public static string PathOf(string name) => RepositoryPaths.Nexus("suitcase_example_data", name + ".json");

    private const string Script = """
import json, sys
outer = json.load(open(sys.argv[1]))
runs = json.loads(outer)
def md_of(docs):
    md = json.loads(docs[0][1]['metadata'])
    md['img_idx_map'] = json.loads(md['img_idx_map'])
    return md
def stream(docs, name):
    uids = {d['uid'] for n, d in docs if n == 'descriptor' and d['name'] == name}
    return [d for n, d in docs if n == 'event' and d['descriptor'] in uids]
def values(docs, det):
    out = []
    for ev in stream(docs, 'primary'):
        key = [k for k in ev['data'] if k.startswith(det + '_')][0]
        v = ev['data'][key]
        out.extend(v if isinstance(v, list) else [v])
    return out
def setpoints(r, *path):
    for p in path: r = r.get(p, {})
    return r.get('SETPOINTS', [])
def energies(r):
    return [e for roi in r['EV_ROIS'] for e in roi['SETPOINTS']]
def baseline0(docs, pv):
    b = stream(docs, 'baseline')
    return b[0]['data'][pv] if b else None
result = {}
ordered = sorted(runs.values(), key=lambda d: d[0][1]['time'])
md = md_of(ordered[0])
t = md['scan_type']
# the sample angle: img_idx_map's rotation_angle, else the goniometer theta the baseline read at scan start
theta = next((baseline0(d, md['rev_lu_dct']['GoniTheta']) for d in ordered if stream(d, 'baseline')), 0.0)
det = md['primary_det']
if t in (7, 11):
    for docs in ordered:
        m = md_of(docs)
        r = m['rois'][str(m['img_idx_map']['sp_id'])]
        x, y, ev = setpoints(r, 'X'), setpoints(r, 'Y'), energies(r)
        name = m['img_idx_map']['entry']
        e = result.setdefault(name, {'shape': [len(ev), len(y), len(x)], 'data': [None] * (len(ev) * len(y) * len(x)),
            'energies': ev, 'px': [None] * (len(ev) * len(y) * len(x)), 'py': [None] * (len(ev) * len(y) * len(x)),
            'rot': m['img_idx_map'].get('rotation_angle', theta)})
        vals = values(docs, det)
        off = m['img_idx_map']['e_idx'] * len(x) * len(y)
        for k, v in enumerate(vals):
            e['data'][off + k] = v; e['px'][off + k] = x[k % len(x)]; e['py'][off + k] = y[k // len(x)]
else:
    docs = ordered[0]
    vals = values(docs, det)
    rev = md['rev_lu_dct']
    prim = stream(docs, 'primary')
    def column(pv, n):
        if pv in prim[0]['data']: return [ev['data'][pv] for ev in prim]
        return None
    if t == 4:
        n = len(md['sp_id_lst'])
        for i, sp in enumerate(md['sp_id_lst']):
            r = md['rois'][str(sp)]
            d = vals[i::n]
            result['entry%d' % i] = {'shape': [len(d)], 'data': d, 'energies': energies(r),
                'px': [setpoints(r, 'X')[0]] * len(d), 'py': [setpoints(r, 'Y')[0]] * len(d), 'rot': theta}
    else:
        r = md['rois'][str(md['img_idx_map']['sp_id'])]
        x, y = setpoints(r, 'X'), setpoints(r, 'Y')
        e0 = baseline0(docs, rev['ENERGY'])
        if t == 5:
            shape, ev = [len(energies(r)), len(x)], energies(r)
            px = [x[k % len(x)] for k in range(len(vals))]; py = [y[k % len(x)] for k in range(len(vals))]
        elif t in (2, 3):
            z = setpoints(r, 'ZP', 'Z')
            shape, ev = [len(z), len(x)], [e0]
            px = column(rev[r['X']['POSITIONER']], len(vals)) or [x[k % len(x)] for k in range(len(vals))]
            py = column(rev[r['Y']['POSITIONER']], len(vals)) or [y[k % len(x)] for k in range(len(vals))]
        else:
            ny = len(y) if y else 1
            shape, ev = [ny, len(x)], [e0]
            px = column(rev.get(r['X']['POSITIONER'] or '', ''), len(vals)) or [x[k % len(x)] for k in range(len(vals))]
            py = column(rev.get(r['Y']['POSITIONER'] or '', ''), len(vals)) or [y[k // len(x)] if y else r['Y']['START'] for k in range(len(vals))]
        result[md['img_idx_map']['entry']] = {'shape': shape, 'data': vals, 'energies': ev, 'px': px, 'py': py, 'rot': theta}
print(json.dumps(result))
""";

    public static IReadOnlyDictionary<string, ReferenceEntry> Read(string name)
    {
        using var doc = JsonDocument.Parse(Python.Run(Script, PathOf(name)));
        static double[] Numbers(JsonElement a) => a.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray();
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => new ReferenceEntry(
            p.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray(),
            Numbers(p.Value.GetProperty("data")),
            Numbers(p.Value.GetProperty("energies")),
            Numbers(p.Value.GetProperty("px")),
            Numbers(p.Value.GetProperty("py")),
            p.Value.GetProperty("rot").GetDouble()));
    }
}

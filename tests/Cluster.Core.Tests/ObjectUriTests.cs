using Cluster.Core.Inputs;
using Cluster.Core.Specs;

namespace Cluster.Core.Tests;

public class ObjectUriTests
{
    [Theory]
    [InlineData("s3://beam-data/2026/run7/", "beam-data", "2026/run7", "s3://beam-data/2026/run7")]
    [InlineData("s3://beam-data", "beam-data", "", "s3://beam-data/")]
    [InlineData("s3://beam.data/a b+c%20.tiq", "beam.data", "a b+c%20.tiq", "s3://beam.data/a b+c%20.tiq")]
    public void Object_uris_keep_the_key_literally(string text, string bucket, string key, string normalised)
    {
        var uri = ObjectUri.Parse(text, "input.directory");
        Assert.Equal((bucket, key, normalised), (uri.Bucket, uri.Key, uri.ToString()));
    }

    [Theory]
    [InlineData("s3://Beam/x", "'Beam' in s3://Beam/x is not a bucket name")]
    [InlineData("s3:///x", "'' in s3:///x is not a bucket name")]
    [InlineData("s3://beam/a/../b", "has a '..' segment")]
    [InlineData("/data/beam", "expected s3://bucket/prefix")]
    public void Malformed_object_uris_are_refused_naming_the_field(string text, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => ObjectUri.Parse(text, "input.directory"));
        Assert.StartsWith("input.directory: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Input_buckets_restrict_only_when_configured()
    {
        var uri = ObjectUri.Parse("s3://private/raw", "source");
        InputBuckets.Any.Check(uri, "source");
        new InputBuckets(["beam", "private"]).Check(uri, "source");
        var refused = Assert.Throws<ArgumentException>(() => new InputBuckets(["beam"]).Check(uri, "source"));
        Assert.Equal("source: bucket private is not an input bucket (beam)", refused.Message);
    }

    [Fact]
    public void Child_keys_and_file_names_follow_the_prefix()
    {
        var prefix = ObjectUri.Parse("s3://beam/2026/", "x");
        Assert.Equal(("s3://beam/2026/run7/a.tiq", "a.tiq", "2026/"), (prefix.Child("run7/a.tiq").ToString(), prefix.Child("run7/a.tiq").FileName, prefix.ListPrefix));
        Assert.Equal(("s3://beam/a.tiq", ""), (ObjectUri.Parse("s3://beam", "x").Child("a.tiq").ToString(), ObjectUri.Parse("s3://beam", "x").ListPrefix));
    }

    [Fact]
    public void A_spec_directory_in_object_storage_is_not_taken_for_a_relative_path()
    {
        var kind = new Kinds.JobKindCatalog([]);
        var error = Assert.Throws<JobSpecException>(() => JobSpecParser.Parse("kind: nope\ninput: {directory: 's3://Bad/x'}\n", kind, "/specs"));
        Assert.Contains(error.Errors, e => e.Field == "input.directory" && e.Message.Contains("'Bad' in s3://Bad/x is not a bucket name"));
    }
}

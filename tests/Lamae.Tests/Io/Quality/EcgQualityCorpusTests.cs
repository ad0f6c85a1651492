using Lamae.Io;
using Lamae.Io.Quality;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Quality;

/// <summary>Over the whole shared corpus: clean CinC records raise nothing, and LUDB's limb leads are flagged.</summary>
[Trait("Category", "Corpus")]
public class EcgQualityCorpusTests
{
    [Fact]
    public void Correct_gain_CinC_records_raise_no_amplitude_or_limb_lead_finding()
    {
        string[] knownBadGains = ["E00015", "E00018", "E00793", "HR00599", "HR20715"];
        var headers = Directory.GetFiles(SharedCorpus.Path("cinc"), "*.hea", SearchOption.AllDirectories)
            .Where(h => !knownBadGains.Contains(Path.GetFileNameWithoutExtension(h)))
            .ToList();
        Assert.True(headers.Count >= 95, $"expected the shared CinC records, found {headers.Count}");

        var complaints = headers
            .SelectMany(h => EcgQuality.Check(EcgReader.Read(h)).Where(f => f.Kind != EcgFindingKind.FlatLead).Select(f => $"{h}: {f.Message}"))
            .ToList();

        Assert.Empty(complaints);
    }

    [Fact]
    public void LUDB_limb_leads_are_reported_inconsistent_and_CinC_ones_are_not()
    {
        var ludb = Enumerable.Range(1, 200).Select(i => EcgReader.Read(SharedCorpus.Path("ludb", "data", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();

        int flagged = ludb.Count(e => EcgQuality.Check(e).Any(f => f.Kind == EcgFindingKind.LimbLeadInconsistency));

        // shared/data/ecg/README.md measured a median worst residual of 0.56 of lead II's RMS on LUDB.
        Assert.True(flagged > 150, $"only {flagged} of 200 LUDB records flagged");
        var consistent = EcgQuality.LimbResidual(EcgReader.Read(SharedCorpus.Path("cinc", "ptbxl", "HR00001")));
        Assert.NotNull(consistent);
        Assert.InRange(consistent.Value.Fraction, 0, 0.02);
    }
}

namespace Lamae.Tests.Cli.Experiments;

/// <summary>
/// An experiment small enough for tests (seconds): 120 simulated ECGs at 20 Hz to pretrain the micro LAMAE and mae-lead
/// (MicroConfig through --set), 120 others to probe and rebuild, no floor (the random floor needs a preset's rate).
/// </summary>
internal static class MicroExperiment
{
    private const string Micro = """["sample_rate=20", "samples=200", "patch_size=20", "dim=32", "heads=2", "lead_depth=1", "latent_rounds=1", "latents=4", "decoder_dim=32", "decoder_heads=2", "decoder_depth=1"]""";

    public static string Json(int epochs = 2, string fractions = "0.5,1") => $$"""
        {
          "name": "micro",
          "description": "the tests' experiment",
          "caches": [
            { "name": "pre", "options": { "dataset": "synthetic", "count": 120, "seed": 1, "rate": 20, "sim-rate": 100 } },
            { "name": "eval", "options": { "dataset": "synthetic", "count": 120, "seed": 2, "rate": 20, "sim-rate": 100 } }
          ],
          "pretrain_cache": "pre",
          "models": [
            { "name": "lamae", "options": { "model": "lamae", "epochs": {{epochs}}, "checkpoint-every": 2, "set": {{Micro}} } },
            { "name": "mae-lead", "options": { "model": "mae-lead", "epochs": {{epochs}}, "set": {{Micro}} } }
          ],
          "evaluate_cache": "eval",
          "floor": null,
          "probes": [ { "name": "icd10", "options": { "labels": "icd10", "protocol": "cv", "cv-folds": 3, "fractions": "{{fractions}}", "seeds": 1, "min-patients": 3, "resamples": 50 } } ],
          "reconstruct": { "models": ["lamae"], "options": { "keep": ["I,II"], "limit": 20, "examples": 1 } }
        }
        """;

    /// <summary>Writes the config into <paramref name="folder"/>; returns its path.</summary>
    public static string Write(string folder, int epochs = 2, string fractions = "0.5,1")
    {
        string path = Path.Combine(folder, "micro.json");
        File.WriteAllText(path, Json(epochs, fractions));
        return path;
    }
}

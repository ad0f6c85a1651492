// ELF symbol-version needs: read them, and mark an unused one weak.
//
// One source, compiled twice: by MSBuild's RoslynCodeTaskFactory for the build step that fixes
// TorchSharp's native glue library on Debian 12 (see build/TorchSharpNativeFix.targets), and into the
// Lamae library (linked as Runtime/ElfVersionNeeds.cs, with LAMAE_LIBRARY defined) so that
// `lamae doctor` reports the same facts at run time. Written in plain C# that both compilers accept.
//
// Why: libLibTorchSharp.so 0.107.0 is built with GCC 13 and needs GLIBCXX_3.4.32 for one symbol,
// std::ios_base_library_init(), which nothing calls (it has no relocation). Debian 12's libstdc++ stops
// at GLIBCXX_3.4.30, so ld.so refuses to load the library. Setting VER_FLG_WEAK on that version need
// makes the loader accept its absence (shared/docs/TORCHSHARP.md).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Lamae.Runtime
{
    /// <summary>One entry of an ELF file's .gnu.version_r section: a version of a library it needs.</summary>
    public sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string library, string version, bool weak, int index, List<string> symbols, long flagsOffset)
        {
            Library = library;
            Version = version;
            Weak = weak;
            Index = index;
            Symbols = symbols;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The needed library's file name, e.g. libstdc++.so.6.</summary>
        public string Library { get; }

        /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
        public string Version { get; }

        /// <summary>Whether VER_FLG_WEAK is set: the loader then tolerates the version's absence.</summary>
        public bool Weak { get; }

        /// <summary>The version index symbols refer to in .gnu.version.</summary>
        public int Index { get; }

        /// <summary>Dynamic symbols bound to this version.</summary>
        public List<string> Symbols { get; }

        internal long FlagsOffset { get; }
    }

    /// <summary>Reads symbol-version needs and definitions of 64-bit little-endian ELF files.</summary>
    public static class ElfVersionNeeds
    {
        private const uint ShtDynsym = 11;
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const uint ShtGnuVersym = 0x6fffffff;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>The symbol that GCC 13's iostream references only to force a new libstdc++.</summary>
        public const string UnusedIosInitSymbol = "_ZSt21ios_base_library_initv";

        /// <summary>Standard places of the system C++ library, first match wins.</summary>
        public static readonly string[] SystemLibStdCxxCandidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };

        /// <summary>Lists the version needs of an ELF image with the dynamic symbols bound to each.</summary>
        public static List<ElfVersionNeed> ReadNeeds(byte[] b)
        {
            var e = new Elf(b);
            var result = new List<ElfVersionNeed>();
            Section verneed = e.Find(ShtGnuVerneed);
            if (verneed.Offset < 0)
            {
                return result;
            }

            Section versym = e.Find(ShtGnuVersym);
            Section dynsym = e.Find(ShtDynsym);
            var symbolsByIndex = new Dictionary<int, List<string>>();
            if (versym.Offset >= 0 && dynsym.Offset >= 0 && dynsym.EntrySize > 0)
            {
                long strtab = e.SectionOffset(dynsym.Link);
                long count = dynsym.Size / dynsym.EntrySize;
                for (long s = 0; s < count; s++)
                {
                    int index = e.U16(versym.Offset + (2 * s)) & 0x7fff;
                    if (!symbolsByIndex.TryGetValue(index, out List<string>? list))
                    {
                        list = new List<string>();
                        symbolsByIndex[index] = list;
                    }

                    list.Add(e.Str(strtab + e.U32(dynsym.Offset + (s * dynsym.EntrySize))));
                }
            }

            long names = e.SectionOffset(verneed.Link);
            long vn = verneed.Offset;
            for (int guard = 0; guard < 4096; guard++)
            {
                int count = e.U16(vn + 2);
                string library = e.Str(names + e.U32(vn + 4));
                long aux = vn + e.U32(vn + 8);
                for (int k = 0; k < count; k++)
                {
                    ushort flags = e.U16(aux + 4);
                    int index = e.U16(aux + 6) & 0x7fff;
                    string version = e.Str(names + e.U32(aux + 8));
                    List<string>? symbols;
                    symbolsByIndex.TryGetValue(index, out symbols);
                    result.Add(new ElfVersionNeed(library, version, (flags & VerFlgWeak) != 0, index, symbols ?? new List<string>(), aux + 4));
                    uint nextAux = e.U32(aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }

                uint next = e.U32(vn + 12);
                if (next == 0)
                {
                    break;
                }

                vn += next;
            }

            return result;
        }

        /// <summary>Lists the version names an ELF shared library defines (.gnu.version_d).</summary>
        public static HashSet<string> ReadDefinitions(byte[] b)
        {
            var e = new Elf(b);
            var result = new HashSet<string>(StringComparer.Ordinal);
            Section verdef = e.Find(ShtGnuVerdef);
            if (verdef.Offset < 0)
            {
                return result;
            }

            long names = e.SectionOffset(verdef.Link);
            long vd = verdef.Offset;
            for (int guard = 0; guard < 4096; guard++)
            {
                long aux = vd + e.U32(vd + 12);
                result.Add(e.Str(names + e.U32(aux)));
                uint next = e.U32(vd + 16);
                if (next == 0)
                {
                    break;
                }

                vd += next;
            }

            return result;
        }

        /// <summary>
        /// The needs of <paramref name="library"/> on libstdc++ that <paramref name="systemDefinitions"/> lacks
        /// and that are not yet weak.
        /// </summary>
        public static List<ElfVersionNeed> UnmetStrongNeeds(List<ElfVersionNeed> needs, HashSet<string> systemDefinitions, string library)
        {
            var result = new List<ElfVersionNeed>();
            foreach (ElfVersionNeed need in needs)
            {
                if (need.Library == library && !need.Weak && !systemDefinitions.Contains(need.Version))
                {
                    result.Add(need);
                }
            }

            return result;
        }

        /// <summary>
        /// Marks the given needs weak in <paramref name="b"/>; returns an error text (and changes nothing) when a
        /// symbol other than <paramref name="allowedSymbols"/> is bound to one of them, else null.
        /// </summary>
        public static string? Weaken(byte[] b, List<ElfVersionNeed> needs, ICollection<string> allowedSymbols)
        {
            foreach (ElfVersionNeed need in needs)
            {
                foreach (string symbol in need.Symbols)
                {
                    if (!allowedSymbols.Contains(symbol))
                    {
                        return "symbol " + symbol + " needs " + need.Version + " of " + need.Library
                            + "; refusing to weaken it (the system library is too old for this TorchSharp build)";
                    }
                }
            }

            foreach (ElfVersionNeed need in needs)
            {
                ushort flags = (ushort)(BitConverter.ToUInt16(b, (int)need.FlagsOffset) | VerFlgWeak);
                b[need.FlagsOffset] = (byte)flags;
                b[need.FlagsOffset + 1] = (byte)(flags >> 8);
            }

            return null;
        }

        /// <summary>The first existing path of <see cref="SystemLibStdCxxCandidates"/>, or null.</summary>
        public static string? FindSystemLibStdCxx()
        {
            foreach (string path in SystemLibStdCxxCandidates)
            {
                if (File.Exists(path))
                {
                    return path;
                }
            }

            return null;
        }

        private struct Section
        {
            public long Offset;
            public long Size;
            public long EntrySize;
            public int Link;
        }

        private sealed class Elf
        {
            private readonly byte[] b;
            private readonly long shoff;
            private readonly int shentsize;
            private readonly int shnum;

            public Elf(byte[] bytes)
            {
                b = bytes;
                if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
                {
                    throw new InvalidDataException("not an ELF file");
                }

                if (b[4] != 2 || b[5] != 1)
                {
                    throw new InvalidDataException("not a 64-bit little-endian ELF file");
                }

                shoff = (long)U64(0x28);
                shentsize = U16(0x3A);
                shnum = U16(0x3C);
                if (shoff <= 0 || shoff + ((long)shentsize * shnum) > b.Length)
                {
                    throw new InvalidDataException("ELF section headers lie outside the file");
                }
            }

            public Section Find(uint type)
            {
                for (int i = 0; i < shnum; i++)
                {
                    long sh = shoff + ((long)i * shentsize);
                    if (U32(sh + 4) == type)
                    {
                        return new Section
                        {
                            Offset = (long)U64(sh + 0x18),
                            Size = (long)U64(sh + 0x20),
                            Link = (int)U32(sh + 0x28),
                            EntrySize = (long)U64(sh + 0x38),
                        };
                    }
                }

                return new Section { Offset = -1 };
            }

            public long SectionOffset(int index)
            {
                return (long)U64(shoff + ((long)index * shentsize) + 0x18);
            }

            public ushort U16(long o)
            {
                return BitConverter.ToUInt16(b, Checked(o, 2));
            }

            public uint U32(long o)
            {
                return BitConverter.ToUInt32(b, Checked(o, 4));
            }

            public ulong U64(long o)
            {
                return BitConverter.ToUInt64(b, Checked(o, 8));
            }

            public string Str(long o)
            {
                int start = Checked(o, 1);
                int end = start;
                while (end < b.Length && b[end] != 0)
                {
                    end++;
                }

                return Encoding.ASCII.GetString(b, start, end - start);
            }

            private int Checked(long offset, int size)
            {
                if (offset < 0 || offset + size > b.Length)
                {
                    throw new InvalidDataException("ELF structure points outside the file (offset " + offset + ")");
                }

                return (int)offset;
            }
        }
    }
}

#if !LAMAE_LIBRARY
/// <summary>
/// MSBuild task: in each given output copy of a native library, marks weak the libstdc++ version needs that
/// the system libstdc++ does not define, when only allowed (never-called) symbols are bound to them.
/// Idempotent; keeps the file's timestamp so MSBuild's incremental copy leaves the patched file alone.
/// </summary>
public class WeakenTorchSharpGlibcxx : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    public string AllowedSymbols { get; set; } = Lamae.Runtime.ElfVersionNeeds.UnusedIosInitSymbol;

    public override bool Execute()
    {
        string? system = Lamae.Runtime.ElfVersionNeeds.FindSystemLibStdCxx();
        HashSet<string> defined = system == null
            ? new HashSet<string>()
            : Lamae.Runtime.ElfVersionNeeds.ReadDefinitions(File.ReadAllBytes(system));
        var allowed = new HashSet<string>(AllowedSymbols.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries));
        var patched = new List<string>();
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Microsoft.Build.Framework.ITaskItem item in Files)
        {
            string path = item.ItemSpec;
            if (!File.Exists(path))
            {
                continue;
            }

            byte[] bytes = File.ReadAllBytes(path);
            List<Lamae.Runtime.ElfVersionNeed> unmet;
            try
            {
                unmet = Lamae.Runtime.ElfVersionNeeds.UnmetStrongNeeds(Lamae.Runtime.ElfVersionNeeds.ReadNeeds(bytes), defined, "libstdc++.so.6");
            }
            catch (InvalidDataException ex)
            {
                Log.LogWarning(path + ": " + ex.Message + "; left unchanged");
                continue;
            }

            if (unmet.Count == 0)
            {
                continue;
            }

            string? error = Lamae.Runtime.ElfVersionNeeds.Weaken(bytes, unmet, allowed);
            if (error != null)
            {
                Log.LogError(path + ": " + error);
                return false;
            }

            DateTime stamp = File.GetLastWriteTimeUtc(path);
            string tmp = path + ".lamae-patching";
            File.WriteAllBytes(tmp, bytes);
            File.SetLastWriteTimeUtc(tmp, stamp);
            // Replace by rename, not overwrite: a hard-linked output copy must not modify the NuGet cache's file.
            File.Replace(tmp, path, null);
            patched.Add(path);
            foreach (Lamae.Runtime.ElfVersionNeed need in unmet)
            {
                versions.Add(need.Version);
            }
        }

        if (patched.Count > 0)
        {
            Log.LogMessage(
                Microsoft.Build.Framework.MessageImportance.High,
                "Lamae native fix: marked " + string.Join(", ", versions) + " weak in " + patched.Count
                + " output copy(ies) of libLibTorchSharp.so (system libstdc++: " + (system ?? "not found") + ")");
        }

        return true;
    }
}
#endif

// Makes TorchSharp's native bridge load on systems whose libstdc++ predates GCC 13.
//
// libLibTorchSharp.so (TorchSharp 0.107) is linked against GCC 13's libstdc++ and so
// records a version need for GLIBCXX_3.4.32. The only symbol bound to that version is
// _ZSt21ios_base_library_initv, a marker GCC 13 headers emit and no relocation uses.
// Debian 12 ships GCC 12's libstdc++ (up to GLIBCXX_3.4.30), so the dynamic loader
// refuses the library although nothing in it needs the newer runtime. Marking that one
// version-need entry weak (VER_FLG_WEAK) turns the refusal into a warning.
//
// This file is compiled twice: by MSBuild as an inline task (build/TorchSharpNative.targets)
// and by the test project, which defines GRID_NO_MSBUILD to leave the task out.
#nullable enable
using System;
using System.IO;
using System.Text;

public enum GlibcxxPatchOutcome { Patched, AlreadyWeak, SystemHasVersion, NoSuchNeed, NoSystemLibrary }

public static class GlibcxxVersionNeed
{
    public const string Version = "GLIBCXX_3.4.32";
    public const string MarkerSymbol = "_ZSt21ios_base_library_initv";
    const uint ShtDynsym = 11, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    const ushort VerFlagWeak = 0x2;

    static readonly string[] SystemLibstdcxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    public static string? FindSystemLibstdcxx()
    {
        foreach (var candidate in SystemLibstdcxxCandidates)
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    public static bool LibraryDefinesVersion(string libraryPath, string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        var haystack = File.ReadAllBytes(libraryPath);
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }

    /// <summary>Marks the GLIBCXX_3.4.32 need of <paramref name="libraryPath"/> weak when the system lacks it.</summary>
    public static GlibcxxPatchOutcome WeakenIfSystemLacks(string libraryPath, string? systemLibstdcxx)
    {
        if (systemLibstdcxx is null) return GlibcxxPatchOutcome.NoSystemLibrary;
        if (LibraryDefinesVersion(systemLibstdcxx, Version)) return GlibcxxPatchOutcome.SystemHasVersion;
        var image = File.ReadAllBytes(libraryPath);
        var outcome = Weaken(image, libraryPath);
        if (outcome == GlibcxxPatchOutcome.Patched)
        {
            // Write beside and rename, so a reader never sees half a library.
            var temporary = libraryPath + ".patching";
            File.WriteAllBytes(temporary, image);
            File.Copy(temporary, libraryPath, overwrite: true);
            File.Delete(temporary);
        }
        return outcome;
    }

    /// <summary>Sets VER_FLG_WEAK on the GLIBCXX_3.4.32 entry in an ELF64 little-endian image, in place.</summary>
    public static GlibcxxPatchOutcome Weaken(byte[] image, string nameForErrors)
    {
        var elf = image;
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{nameForErrors}: not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{nameForErrors}: only 64-bit little-endian ELF is supported");

        var sectionTable = checked((int)ReadU64(elf, 0x28));
        int sectionSize = ReadU16(elf, 0x3A), sectionCount = ReadU16(elf, 0x3C);
        int verneed = -1, versym = -1, dynsym = -1;
        for (var i = 0; i < sectionCount; i++)
        {
            var type = ReadU32(elf, sectionTable + i * sectionSize + 4);
            if (type == ShtGnuVerneed) verneed = i;
            else if (type == ShtGnuVersym) versym = i;
            else if (type == ShtDynsym) dynsym = i;
        }
        if (verneed < 0) return GlibcxxPatchOutcome.NoSuchNeed;

        var header = sectionTable + verneed * sectionSize;
        var strings = SectionOffset(elf, sectionTable, sectionSize, (int)ReadU32(elf, header + 0x28));
        var entry = checked((int)ReadU64(elf, header + 0x18));
        var entryCount = ReadU32(elf, header + 0x2C);
        for (var n = 0; n < entryCount; n++)
        {
            int auxCount = ReadU16(elf, entry + 2);
            var aux = entry + (int)ReadU32(elf, entry + 8);
            for (var a = 0; a < auxCount; a++)
            {
                if (ReadString(elf, strings + (int)ReadU32(elf, aux + 8)) == Version)
                {
                    var flags = ReadU16(elf, aux + 4);
                    if ((flags & VerFlagWeak) != 0) return GlibcxxPatchOutcome.AlreadyWeak;
                    var versionIndex = ReadU16(elf, aux + 6);
                    EnsureOnlyMarkerUsesVersion(elf, sectionTable, sectionSize, dynsym, versym, versionIndex, nameForErrors);
                    WriteU16(elf, aux + 4, (ushort)(flags | VerFlagWeak));
                    return GlibcxxPatchOutcome.Patched;
                }
                aux += (int)ReadU32(elf, aux + 12);
            }
            entry += (int)ReadU32(elf, entry + 12);
        }
        return GlibcxxPatchOutcome.NoSuchNeed;
    }

    // Weakening is only harmless while no real symbol depends on the newer runtime.
    static void EnsureOnlyMarkerUsesVersion(byte[] elf, int sectionTable, int sectionSize, int dynsym, int versym, ushort versionIndex, string nameForErrors)
    {
        if (dynsym < 0 || versym < 0) return;
        var symbolsHeader = sectionTable + dynsym * sectionSize;
        var symbols = checked((int)ReadU64(elf, symbolsHeader + 0x18));
        var symbolCount = (int)(ReadU64(elf, symbolsHeader + 0x20) / 24);
        var names = SectionOffset(elf, sectionTable, sectionSize, (int)ReadU32(elf, symbolsHeader + 0x28));
        var versions = checked((int)ReadU64(elf, sectionTable + versym * sectionSize + 0x18));
        for (var s = 0; s < symbolCount; s++)
        {
            if ((ReadU16(elf, versions + 2 * s) & 0x7fff) != versionIndex) continue;
            var name = ReadString(elf, names + (int)ReadU32(elf, symbols + 24 * s));
            if (name != MarkerSymbol)
                throw new InvalidDataException($"{nameForErrors}: symbol {name} needs {Version}; weakening it would hide a real dependency. Install a libstdc++ from GCC 13 or newer.");
        }
    }

    static int SectionOffset(byte[] elf, int sectionTable, int sectionSize, int index) =>
        checked((int)ReadU64(elf, sectionTable + index * sectionSize + 0x18));

    static string ReadString(byte[] elf, int offset)
    {
        var end = Array.IndexOf(elf, (byte)0, offset);
        return Encoding.ASCII.GetString(elf, offset, end - offset);
    }

    static ushort ReadU16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
    static uint ReadU32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
    static ulong ReadU64(byte[] b, int o) => ReadU32(b, o) | (ulong)ReadU32(b, o + 4) << 32;
    static void WriteU16(byte[] b, int o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }
}

#if !GRID_NO_MSBUILD
public sealed class WeakenGlibcxxVersionNeed : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    public override bool Execute()
    {
        var system = GlibcxxVersionNeed.FindSystemLibstdcxx();
        foreach (var library in Libraries)
        {
            var path = library.ItemSpec;
            if (!File.Exists(path)) continue;
            try
            {
                var outcome = GlibcxxVersionNeed.WeakenIfSystemLacks(path, system);
                if (outcome == GlibcxxPatchOutcome.Patched)
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        $"{path}: marked {GlibcxxVersionNeed.Version} weak (system libstdc++ {system} lacks it)");
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                Log.LogError(e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }
}
#endif

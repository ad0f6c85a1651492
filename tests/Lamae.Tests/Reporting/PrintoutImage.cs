using System.Buffers.Binary;
using Lamae.Reporting;
using SkiaSharp;

namespace Lamae.Tests.Reporting;

/// <summary>A decoded printout PNG, with the counts the tests ask about its cells.</summary>
internal sealed class PrintoutImage
{
    // Trace ink is black; grid lines, grey notes and red notes all have a channel well above this.
    private const byte DarkMax = 80;

    private readonly SKColor[] pixels;

    private PrintoutImage(SKBitmap bitmap, EcgPlotLayout layout)
    {
        Width = bitmap.Width;
        Height = bitmap.Height;
        pixels = bitmap.Pixels;
        Layout = layout;
    }

    public int Width { get; }

    public int Height { get; }

    public EcgPlotLayout Layout { get; }

    /// <summary>Decodes <paramref name="png"/>, failing the test when it is not a PNG.</summary>
    public static PrintoutImage Decode(byte[] png, EcgPlotLayout layout)
    {
        using SKBitmap? bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        return new PrintoutImage(bitmap, layout);
    }

    /// <summary>Width and height from the IHDR chunk, read without a decoder.</summary>
    public static (int Width, int Height) HeaderSize(byte[] png)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.AsSpan(0, 8).SequenceEqual(signature), "not a PNG signature");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    public bool IsDark(int x, int y)
    {
        SKColor c = pixels[(y * Width) + x];
        return c.Red <= DarkMax && c.Green <= DarkMax && c.Blue <= DarkMax;
    }

    /// <summary>The part of a cell where only its trace can be dark: right of the lead name and note, left of the next column's tick.</summary>
    public PixelRect Interior(MmRect cell) => Layout.ToPixels(cell with { Left = cell.Left + 20, Right = cell.Right - 1 });

    /// <summary>The dark pixels inside <paramref name="box"/>, as (x, y).</summary>
    public List<(int X, int Y)> DarkPixels(PixelRect box)
    {
        var found = new List<(int, int)>();
        for (int y = box.Top; y < box.Bottom; y++)
        {
            for (int x = box.Left; x < box.Right; x++)
            {
                if (IsDark(x, y))
                {
                    found.Add((x, y));
                }
            }
        }

        return found;
    }
}

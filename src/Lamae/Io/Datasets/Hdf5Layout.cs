namespace Lamae.Io.Datasets;

/// <summary>The HDF5 layouts the hdf5 dataset kind reads (docs/datasets-hdf5.md).</summary>
public enum Hdf5Layout
{
    /// <summary>SPH (Liu et al. 2022): one .h5 file per record holding 'ecg' [12, samples] in mV, plus metadata.csv.</summary>
    Sph,

    /// <summary>CODE-15% (Ribeiro et al.): exams_part*.hdf5 with 'tracings' [exams, 4096, 12] at 400 Hz and 'exam_id', plus exams.csv.</summary>
    Code15,
}

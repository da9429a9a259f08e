using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FleetPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeriodicWorkLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ExpiredAt",
                table: "EnrolmentCodes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeadlinePassedAt",
                table: "Deployments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EnrolmentCodes_ExpiresAt",
                table: "EnrolmentCodes",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Deadline",
                table: "Deployments",
                column: "Deadline");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropIndex(
                name: "IX_EnrolmentCodes_ExpiresAt",
                table: "EnrolmentCodes");

            migrationBuilder.DropIndex(
                name: "IX_Deployments_Deadline",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "ExpiredAt",
                table: "EnrolmentCodes");

            migrationBuilder.DropColumn(
                name: "DeadlinePassedAt",
                table: "Deployments");
        }
    }
}
